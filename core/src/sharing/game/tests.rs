//! Tests of [`super`] (game.rs).

use super::*;

fn game(json: &str) -> Game {
    crate::doc::from_json(json).unwrap()
}

#[test]
fn dense_matches_walker() {
    let games = [
        r#"{"explicit":{"players":["a","b","c"],"values":[{"coalition":["a","b"],"value":"5"},{"coalition":["c"],"value":"1.5"},{"coalition":["a","b","c"],"value":"9"}]}}"#,
        r#"{"additive":{"values":[{"id":"a","value":"1"},{"id":"b","value":"2.25"},{"id":"c","value":"-3"}]}}"#,
        r#"{"dividends":{"players":["a","b","c"],"dividends":[{"coalition":["a"],"dividend":"1"},{"coalition":["b","c"],"dividend":"4"},{"coalition":["a","b","c"],"dividend":"-0.5"}]}}"#,
        r#"{"airport":{"costs":[{"id":"a","cost":"10"},{"id":"b","cost":"30"},{"id":"c","cost":"20"}]}}"#,
        r#"{"weighted_majority":{"weights":[{"id":"a","weight":"3"},{"id":"b","weight":"2"},{"id":"c","weight":"1"}],"quota":"4","value":"100"}}"#,
    ];
    for j in games {
        let c = game(j).compile().unwrap();
        let v = c.dense().unwrap();
        for order in [[0u32, 1, 2], [2, 0, 1], [1, 2, 0]] {
            let mut w = c.walker();
            let mut mask = 0usize;
            for p in order {
                let x = w.add(p).unwrap();
                let before = v[mask];
                mask |= 1 << p;
                assert_eq!(x, v[mask] - before, "{j} {order:?}");
            }
            assert_eq!(w.value(), v[7]);
        }
    }
    let c = game(games[2]).compile().unwrap();
    // v({a,b,c}) = 1 + 4 - 0.5 = 4.5 at scale 1
    assert_eq!(c.dense().unwrap()[7], 45);
}

#[test]
fn refusals() {
    let e = game(r#"{"explicit":{"players":["a","b"],"values":[{"coalition":["a","z"],"value":"1"}]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_id", "explicit.values[0].coalition[1]"));
    let e = game(r#"{"explicit":{"players":["a","b"],"values":[{"coalition":["a","a"],"value":"1"}]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", "explicit.values[0].coalition[1]"));
    let e =
        game(r#"{"explicit":{"players":["a","b"],"values":[{"coalition":["a","b"],"value":"1"},{"coalition":["b","a"],"value":"2"}]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field(), e.value()), ("duplicate_id", "explicit.values[1].coalition", "[b, a]"));
    let e = game(r#"{"explicit":{"players":["a","b"],"values":[{"coalition":[],"value":"1"}]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", "explicit.values[0].value"));
    let e = game(r#"{"explicit":{"players":["a","b"],"values":[{"coalition":["a","b"],"value":"1"},{"coalition":["a"],"value":"1"}],"missing":"error"}}"#)
        .compile()
        .unwrap_err();
    assert_eq!((e.code(), e.value()), ("missing", "coalition [b]"));
    let e = game(r#"{"airport":{"costs":[{"id":"a","cost":"-1"}]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "airport.costs[0].cost"));
    let e = game(r#"{"additive":{"values":[]}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty", "additive.values"));
    let e = game(r#"{"weighted_majority":{"weights":[{"id":"a","weight":"1"}],"quota":"0","value":"1"}}"#).compile().unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", "weighted_majority.quota"));
}
