//! Cost categories (成本科目) of the separately accounted authorized operation.
//!
//! The national notice lists what the permitted cost (准许成本) of public-data authorized
//! operation is made of: depreciation of the platform and amortisation of intangibles,
//! operation and maintenance, data acquisition, data governance and transmission, compute,
//! storage, personnel, security and other costs; 随州's plan adds network resources (网络资源),
//! model development (模型开发) and data authorization cost (数据授权成本). Costs of other business, fines and
//! donations never enter it.

use serde::{Deserialize, Serialize};

/// A cost category (成本科目). Serialized in snake_case (`"operation_maintenance"`).
///
/// [`Depreciation`](CostCategory::Depreciation) and [`Amortisation`](CostCategory::Amortisation)
/// are computed from the asset register ([`super::assets`]) and cannot be entered in the
/// ledger. The last three categories are never permitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// 折旧: depreciation of fixed assets (platform hardware, 平台建设). Computed, not entered.
    Depreciation,
    /// 摊销: amortisation of intangible assets (software, data assets). Computed, not entered.
    #[serde(alias = "amortization")]
    Amortisation,
    /// 运维: operation and maintenance of the platform.
    OperationMaintenance,
    /// 数据采集: data acquisition.
    DataAcquisition,
    /// 数据治理、传输: data processing, governance and transmission.
    DataGovernance,
    /// 算力: compute.
    Compute,
    /// 存储: storage.
    Storage,
    /// 人力资源: personnel.
    Personnel,
    /// 安全: security.
    Security,
    /// 网络资源: network resources (随州方案 成本构成).
    NetworkResources,
    /// 模型开发: model development (随州方案).
    ModelDevelopment,
    /// 数据授权成本: data authorization cost (随州方案).
    DataAuthorization,
    /// 利息: interest. Permitted by default; excluded when the return method already pays
    /// for debt (see `exclude_interest`).
    Interest,
    /// 其他: other permitted costs of the authorized operation.
    Other,
    /// 其他业务成本: costs of other business. Never permitted.
    OtherBusiness,
    /// 罚款: fines and penalties. Never permitted.
    Fines,
    /// 捐赠: donations. Never permitted.
    Donations,
}

impl CostCategory {
    /// Every category, in declaration order (the order of reports).
    pub const ALL: [CostCategory; 17] = [
        CostCategory::Depreciation,
        CostCategory::Amortisation,
        CostCategory::OperationMaintenance,
        CostCategory::DataAcquisition,
        CostCategory::DataGovernance,
        CostCategory::Compute,
        CostCategory::Storage,
        CostCategory::Personnel,
        CostCategory::Security,
        CostCategory::NetworkResources,
        CostCategory::ModelDevelopment,
        CostCategory::DataAuthorization,
        CostCategory::Interest,
        CostCategory::Other,
        CostCategory::OtherBusiness,
        CostCategory::Fines,
        CostCategory::Donations,
    ];

    /// Whether an entry of this category counts as permitted cost unless marked otherwise.
    ///
    /// ```
    /// use datafee::costs::CostCategory;
    /// assert!(CostCategory::Compute.is_permitted_by_default());
    /// assert!(!CostCategory::Fines.is_permitted_by_default());
    /// ```
    pub fn is_permitted_by_default(self) -> bool {
        !self.is_never_permitted()
    }

    /// Whether this category can never be permitted (other business, fines, donations):
    /// an entry marked `permitted = true` in it is refused.
    pub fn is_never_permitted(self) -> bool {
        matches!(self, CostCategory::OtherBusiness | CostCategory::Fines | CostCategory::Donations)
    }

    /// Whether this category is computed from the asset register rather than entered.
    pub fn is_computed(self) -> bool {
        matches!(self, CostCategory::Depreciation | CostCategory::Amortisation)
    }

    /// Whether this category is an operating (cash) cost, the base of the working capital
    /// allowance (营运资本): every permitted category except depreciation, amortisation and
    /// interest.
    pub fn is_operating(self) -> bool {
        !self.is_computed() && !self.is_never_permitted() && self != CostCategory::Interest
    }

    /// The serialized name (`"operation_maintenance"`).
    pub fn name(self) -> &'static str {
        match self {
            CostCategory::Depreciation => "depreciation",
            CostCategory::Amortisation => "amortisation",
            CostCategory::OperationMaintenance => "operation_maintenance",
            CostCategory::DataAcquisition => "data_acquisition",
            CostCategory::DataGovernance => "data_governance",
            CostCategory::Compute => "compute",
            CostCategory::Storage => "storage",
            CostCategory::Personnel => "personnel",
            CostCategory::Security => "security",
            CostCategory::NetworkResources => "network_resources",
            CostCategory::ModelDevelopment => "model_development",
            CostCategory::DataAuthorization => "data_authorization",
            CostCategory::Interest => "interest",
            CostCategory::Other => "other",
            CostCategory::OtherBusiness => "other_business",
            CostCategory::Fines => "fines",
            CostCategory::Donations => "donations",
        }
    }

    /// The Chinese accounting term (`"运维"`).
    pub fn chinese(self) -> &'static str {
        match self {
            CostCategory::Depreciation => "折旧",
            CostCategory::Amortisation => "摊销",
            CostCategory::OperationMaintenance => "运维",
            CostCategory::DataAcquisition => "数据采集",
            CostCategory::DataGovernance => "数据治理、传输",
            CostCategory::Compute => "算力",
            CostCategory::Storage => "存储",
            CostCategory::Personnel => "人力资源",
            CostCategory::Security => "安全",
            CostCategory::NetworkResources => "网络资源",
            CostCategory::ModelDevelopment => "模型开发",
            CostCategory::DataAuthorization => "数据授权成本",
            CostCategory::Interest => "利息",
            CostCategory::Other => "其他",
            CostCategory::OtherBusiness => "其他业务成本",
            CostCategory::Fines => "罚款",
            CostCategory::Donations => "捐赠",
        }
    }
}

impl std::fmt::Display for CostCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for c in CostCategory::ALL {
            let s = serde_json::to_string(&c).unwrap();
            assert_eq!(s, format!("\"{}\"", c.name()));
            let back: CostCategory = serde_json::from_str(&s).unwrap();
            assert_eq!(back, c);
            assert!(!c.chinese().is_empty());
        }
        let a: CostCategory = serde_json::from_str("\"amortization\"").unwrap();
        assert_eq!(a, CostCategory::Amortisation);
    }

    #[test]
    fn permitted_and_operating() {
        let never: Vec<_> = CostCategory::ALL.into_iter().filter(|c| !c.is_permitted_by_default()).collect();
        assert_eq!(never, [CostCategory::OtherBusiness, CostCategory::Fines, CostCategory::Donations]);
        assert!(CostCategory::Interest.is_permitted_by_default());
        assert!(!CostCategory::Interest.is_operating());
        assert!(!CostCategory::Depreciation.is_operating());
        assert!(CostCategory::Personnel.is_operating());
    }
}
