//! `#[derive(ReadStruct)]`: the compact reader of datafee's document structs (文档结构的紧凑读取).
//!
//! It writes the same `serde::Deserialize` impl as `#[derive(Deserialize)]` for a struct with
//! named fields — the same keys, defaults, `Option`s, renames, aliases and `with` functions, the
//! same errors (`unknown field`, `missing field`, `duplicate field`, `invalid type: …, expected
//! struct Foo`) — but with less code per type: the key is looked up by one shared reader over a
//! table of names (`datafee::read::Key`, shared by every type) instead of a field-identifier enum
//! and its visitor per type, and the struct is read as a map only (no `visit_seq`: serde's derive
//! also reads a struct from a JSON array of its fields in order, which no datafee document uses).
//! The runtime half is `datafee::read` (core/src/read.rs); measured in benches/README.md
//! ("WASM size, feat/size12").
//!
//! It reads the `#[serde(...)]` attributes the type already carries (so `Serialize` and the
//! schema see the same ones) and refuses at compile time what it does not implement: generics,
//! tuple and unit structs, enums, `flatten`, `tag`, `untagged`, `transparent`, `from`,
//! `try_from`, a `rename_all` other than `snake_case` (the identity for field names).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::{parse_macro_input, Data, DeriveInput, Error, Fields, LitStr, Type};

/// Derive `serde::Deserialize` for a struct with named fields through `crate::read`.
#[proc_macro_derive(ReadStruct, attributes(serde))]
pub fn derive_read_struct(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(|e| e.to_compile_error()).into()
}

/// What a default is taken from.
enum Default {
    None,
    Trait,
    Path(syn::ExprPath),
}

/// One field's reading.
struct Field {
    member: syn::Ident,
    ty: Type,
    /// The name it is read and reported under.
    name: String,
    aliases: Vec<String>,
    default: Default,
    with: Option<syn::ExprPath>,
    skip: bool,
}

fn path_of(lit: &LitStr) -> syn::Result<syn::ExprPath> {
    lit.parse()
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(&input.generics, "ReadStruct: generic types are not supported"));
    }
    let Data::Struct(data) = &input.data else {
        return Err(Error::new(Span::call_site(), "ReadStruct: only structs with named fields"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(Error::new(Span::call_site(), "ReadStruct: only structs with named fields"));
    };

    // Container attributes.
    let mut strict = false;
    let mut cdefault = Default::None;
    let mut expecting = format!("struct {ident}");
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|m| {
            if m.path.is_ident("deny_unknown_fields") {
                strict = true;
            } else if m.path.is_ident("default") {
                cdefault = if m.input.peek(syn::Token![=]) { Default::Path(path_of(&m.value()?.parse()?)?) } else { Default::Trait };
            } else if m.path.is_ident("rename_all") {
                let v: LitStr = m.value()?.parse()?;
                if v.value() != "snake_case" {
                    return Err(m.error("ReadStruct: only rename_all = \"snake_case\" (field names are snake_case already)"));
                }
            } else if m.path.is_ident("rename") {
                // The container's own name is not part of what a map reader reports.
                let _: LitStr = m.value()?.parse()?;
            } else if m.path.is_ident("expecting") {
                expecting = m.value()?.parse::<LitStr>()?.value();
            } else {
                return Err(m.error("ReadStruct: container attribute not supported (use serde's derive)"));
            }
            Ok(())
        })?;
    }

    // Field attributes.
    let mut fields = Vec::new();
    for f in &named.named {
        let member = f.ident.clone().expect("named field");
        let mut field = Field {
            name: member.to_string().trim_start_matches("r#").to_string(),
            member,
            ty: f.ty.clone(),
            aliases: Vec::new(),
            default: Default::None,
            with: None,
            skip: false,
        };
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|m| {
                let p = &m.path;
                if p.is_ident("rename") {
                    if m.input.peek(syn::Token![=]) {
                        field.name = m.value()?.parse::<LitStr>()?.value();
                    } else {
                        return Err(m.error("ReadStruct: rename(...) not supported"));
                    }
                } else if p.is_ident("alias") {
                    field.aliases.push(m.value()?.parse::<LitStr>()?.value());
                } else if p.is_ident("default") {
                    field.default = if m.input.peek(syn::Token![=]) { Default::Path(path_of(&m.value()?.parse()?)?) } else { Default::Trait };
                } else if p.is_ident("with") {
                    let lit: LitStr = m.value()?.parse()?;
                    field.with = Some(syn::parse_str(&format!("{}::deserialize", lit.value()))?);
                } else if p.is_ident("deserialize_with") {
                    field.with = Some(path_of(&m.value()?.parse()?)?);
                } else if p.is_ident("skip") || p.is_ident("skip_deserializing") {
                    field.skip = true;
                } else if p.is_ident("skip_serializing_if") || p.is_ident("serialize_with") {
                    let _: LitStr = m.value()?.parse()?;
                } else if p.is_ident("skip_serializing") {
                } else {
                    return Err(m.error("ReadStruct: field attribute not supported (use serde's derive)"));
                }
                Ok(())
            })?;
        }
        fields.push(field);
    }

    // The names table: every field's name and aliases, sorted per field as serde's FIELDS lists
    // them (a field's names are a sorted set), and the field each name reads.
    let read: Vec<&Field> = fields.iter().filter(|f| !f.skip).collect();
    let mut names = Vec::new();
    let mut to = Vec::new();
    let mut has_alias = false;
    for (i, f) in read.iter().enumerate() {
        let mut all: Vec<&str> = std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str)).collect();
        all.sort_unstable();
        all.dedup();
        has_alias |= all.len() > 1;
        for n in all {
            names.push(n.to_string());
            to.push(i as u16);
        }
    }
    if read.len() > u16::MAX as usize {
        return Err(Error::new(Span::call_site(), "ReadStruct: too many fields"));
    }
    let primary: Vec<&str> = read.iter().map(|f| f.name.as_str()).collect();
    let to_tokens = if has_alias { quote!(&[#(#to),*]) } else { quote!(&[]) };
    let primary_tokens = if has_alias { quote!(&[#(#primary),*]) } else { quote!(&[]) };

    let slots: Vec<syn::Ident> = (0..read.len()).map(|i| format_ident!("__f{}", i)).collect();
    let mut decls = Vec::new();
    let mut wrappers = Vec::new();
    let mut arms = Vec::new();
    for (i, (f, slot)) in read.iter().zip(&slots).enumerate() {
        let ty = &f.ty;
        decls.push(quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;));
        let value = match &f.with {
            None => quote!(::serde::de::MapAccess::next_value::<#ty>(&mut __map)?),
            Some(path) => {
                let w = format_ident!("__W{}", i);
                wrappers.push(quote! {
                    struct #w(#ty);
                    impl<'de> ::serde::Deserialize<'de> for #w {
                        fn deserialize<__D: ::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                            #path(__d).map(#w)
                        }
                    }
                });
                quote!(::serde::de::MapAccess::next_value::<#w>(&mut __map)?.0)
            }
        };
        let i = i as u16;
        arms.push(quote! {
            #i => {
                if #slot.is_some() {
                    return ::core::result::Result::Err(crate::read::duplicate(&__FIELDS, #i));
                }
                #slot = ::core::option::Option::Some(#value);
            }
        });
    }

    let default_decl = match &cdefault {
        Default::None => quote!(),
        Default::Trait => quote!(let __default: #ident = ::core::default::Default::default();),
        Default::Path(p) => quote!(let __default: #ident = #p();),
    };
    let mut inits = Vec::new();
    let mut k = 0u16;
    for f in &fields {
        let member = &f.member;
        let missing = match (&f.default, &cdefault) {
            (Default::Trait, _) => quote!(::core::default::Default::default()),
            (Default::Path(p), _) => quote!(#p()),
            (Default::None, Default::Trait | Default::Path(_)) => quote!(__default.#member),
            (Default::None, Default::None) if is_option(&f.ty) && f.with.is_none() => quote!(::core::option::Option::None),
            (Default::None, Default::None) => {
                quote!(return ::core::result::Result::Err(crate::read::missing(&__FIELDS, #k)))
            }
        };
        if f.skip {
            let missing = match (&f.default, &cdefault) {
                (Default::None, Default::None) => quote!(::core::default::Default::default()),
                _ => missing,
            };
            inits.push(quote!(#member: #missing));
            continue;
        }
        let slot = &slots[k as usize];
        inits.push(quote!(#member: match #slot { ::core::option::Option::Some(v) => v, ::core::option::Option::None => #missing }));
        k += 1;
    }
    let ignore = if strict { quote!(_ => {}) } else { quote!(_ => { ::serde::de::MapAccess::next_value::<::serde::de::IgnoredAny>(&mut __map)?; }) };

    Ok(quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                static __FIELDS: crate::read::Fields = crate::read::Fields {
                    names: &[#(#names),*],
                    to: #to_tokens,
                    primary: #primary_tokens,
                    strict: #strict,
                };
                struct __V;
                impl<'de> ::serde::de::Visitor<'de> for __V {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::core::result::Result<#ident, __A::Error> {
                        #(#wrappers)*
                        #default_decl
                        #(#decls)*
                        while let ::core::option::Option::Some(__k) = ::serde::de::MapAccess::next_key_seed(&mut __map, crate::read::Key(&__FIELDS))? {
                            match __k {
                                #(#arms)*
                                #ignore
                            }
                        }
                        ::core::result::Result::Ok(#ident { #(#inits),* })
                    }
                }
                ::serde::Deserializer::deserialize_map(__d, __V)
            }
        }
    })
}

/// Whether the type is written `Option<…>` (serde reads a missing `Option` field as `None`).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}
