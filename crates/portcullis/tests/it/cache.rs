//! The verified-token cache: entries die at `exp` and when their key is withdrawn.

use portcullis_jwt::NumericDate;
use portcullis_testkit::TestIssuer;

use crate::helpers::guard_for;

fn now() -> i64 {
    NumericDate::now().as_secs()
}

#[tokio::test]
async fn entries_die_at_exp() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let token = issuer.token().exp_in(60).sign();
    let t = now();
    assert!(
        guard
            .authenticate_at(&token, NumericDate::from_secs(t))
            .await
            .is_ok()
    );
    // Cached now; still valid a little later...
    assert!(
        guard
            .authenticate_at(&token, NumericDate::from_secs(t + 30))
            .await
            .is_ok()
    );
    // ...and refused after exp + leeway, cache or not.
    let err = guard
        .authenticate_at(&token, NumericDate::from_secs(t + 66))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "token_expired");
}

#[tokio::test]
async fn entries_die_when_their_key_leaves_the_set() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let old = issuer.token().sign();
    assert!(guard.authenticate(&old).await.is_ok());
    issuer.rotate();
    issuer.retire_old_keys();
    // A token with the new kid makes the guard refetch the set.
    assert!(guard.authenticate(&issuer.token().sign()).await.is_ok());
    let err = guard.authenticate(&old).await.unwrap_err();
    assert_eq!(err.reason(), "unknown_key");
}
