//! Signing keys: first start, races between nodes, rotation, sealing.

use portcullis_idp::store::KeyRow;
use portcullis_idp::{Idp, IdpConfig, KeyRing, MasterKey, Rotation};
use portcullis_jwt::Algorithm;

use crate::db::{ISSUER, NOW, fast_hasher, idp_on, stores, verify};

/// The kids of the access-token lineage (ES256 here; ID tokens are RS256).
fn kids(jwks: &serde_json::Value) -> Vec<String> {
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["alg"] == "ES256")
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn racing_first_starts_agree_on_one_active_key() {
    for (backend, store) in stores().await {
        let master = "11".repeat(32);
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let store = store.clone();
            let master = master.clone();
            tasks.push(tokio::spawn(async move {
                let ring = KeyRing::new(
                    store,
                    MasterKey::from_hex(&master).unwrap(),
                    Algorithm::ES256,
                )
                .unwrap();
                ring.ensure_active(NOW).await.unwrap();
                (
                    ring.signer().await.unwrap().kid().unwrap().to_owned(),
                    ring.id_token_signer()
                        .await
                        .unwrap()
                        .kid()
                        .unwrap()
                        .to_owned(),
                )
            }));
        }
        let mut seen = Vec::new();
        for t in tasks {
            seen.push(t.await.unwrap());
        }
        seen.dedup();
        assert_eq!(seen.len(), 1, "{backend}: {seen:?}");
        assert_ne!(seen[0].0, seen[0].1, "{backend}: two lineages");
        let rows = store.keys().await.unwrap();
        assert_eq!(rows.len(), 2, "{backend}: one key per lineage");
        let algs: Vec<(&str, i64)> = rows.iter().map(|r| (r.alg.as_str(), r.slot)).collect();
        assert!(
            algs.contains(&("ES256", 1)) && algs.contains(&("RS256", 2)),
            "{algs:?}"
        );
    }
}

#[tokio::test]
async fn rotation_publishes_before_signing_and_retires_after() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let old = idp.keys().signer().await.unwrap().kid().unwrap().to_owned();
        let old_id = idp
            .keys()
            .id_token_signer()
            .await
            .unwrap()
            .kid()
            .unwrap()
            .to_owned();
        let old_token = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap()
            .access
            .token;
        let Rotation::Staged { kid: next } = idp.keys().rotate(NOW, 600).await.unwrap() else {
            panic!("{backend}")
        };
        // Published, but not signing yet.
        assert_eq!(
            kids(&idp.keys().jwks(NOW, 3600).await.unwrap()),
            {
                let mut both = vec![old.clone(), next.clone()];
                both.sort();
                both
            },
            "{backend}"
        );
        assert_eq!(idp.keys().signer().await.unwrap().kid(), Some(old.as_str()));
        assert_eq!(
            idp.keys().rotate(NOW + 10, 600).await.unwrap(),
            Rotation::Waiting {
                kid: next.clone(),
                until: NOW + 600
            }
        );
        assert_eq!(
            idp.keys().rotate(NOW + 600, 600).await.unwrap(),
            Rotation::Promoted { kid: next.clone() }
        );
        assert_eq!(
            idp.keys().signer().await.unwrap().kid(),
            Some(next.as_str()),
            "{backend}"
        );
        let new_id = idp.keys().id_token_signer().await.unwrap();
        assert_ne!(
            new_id.kid(),
            Some(old_id.as_str()),
            "{backend}: ID keys rotate too"
        );
        assert_eq!(new_id.algorithm(), Algorithm::RS256);
        // The old key stays published while its tokens live, then goes.
        assert!(kids(&idp.keys().jwks(NOW + 700, 3600).await.unwrap()).contains(&old));
        verify(&idp, &old_token, ISSUER, NOW + 700).await;
        assert_eq!(
            kids(&idp.keys().jwks(NOW + 600 + 3601, 3600).await.unwrap()),
            std::slice::from_ref(&next),
            "{backend}"
        );
        assert_eq!(idp.keys().prune(NOW + 600 + 3601, 3600).await.unwrap(), 2);
        assert_eq!(idp.store().keys().await.unwrap().len(), 2, "{backend}");
    }
}

#[tokio::test]
async fn private_keys_are_sealed_and_need_the_master_key() {
    for (backend, store) in stores().await {
        let ring = KeyRing::new(
            store.clone(),
            MasterKey::from_hex(&"22".repeat(32)).unwrap(),
            Algorithm::EdDSA,
        )
        .unwrap();
        ring.ensure_active(NOW).await.unwrap();
        let row = store
            .keys()
            .await
            .unwrap()
            .into_iter()
            .find(|k| k.slot == 1)
            .unwrap();
        assert_eq!(row.alg, "EdDSA");
        assert!(
            !row.public_jwk.contains("\"d\""),
            "{backend}: no private part published"
        );
        let signer = ring.signer().await.unwrap();
        let der = signer.to_pkcs8_der().unwrap();
        assert!(
            !row.sealed_private_key
                .windows(16)
                .any(|w| der.windows(16).any(|d| d == w)),
            "{backend}: sealed"
        );
        let wrong = KeyRing::new(
            store.clone(),
            MasterKey::from_hex(&"33".repeat(32)).unwrap(),
            Algorithm::EdDSA,
        )
        .unwrap();
        let err = wrong.signer().await.unwrap_err().to_string();
        assert!(err.contains("wrong master key"), "{backend}: {err}");
        // A signer that cannot decrypt cannot mint: sign-up fails cleanly, nothing leaks.
        let idp = Idp::new(store, fast_hasher(), wrong, IdpConfig::new(ISSUER));
        assert!(
            idp.signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW
            )
            .await
            .is_err()
        );
    }
}

#[tokio::test]
async fn a_sealed_key_moved_to_another_kid_does_not_open() {
    for (backend, store) in stores().await {
        let master = "44".repeat(32);
        let ring = || {
            KeyRing::new(
                store.clone(),
                MasterKey::from_hex(&master).unwrap(),
                Algorithm::ES256,
            )
            .unwrap()
        };
        ring().ensure_active(NOW).await.unwrap();
        let row = store
            .keys()
            .await
            .unwrap()
            .into_iter()
            .find(|k| k.slot == 1)
            .unwrap();
        // Under its own kid the sealed key opens.
        assert_eq!(
            ring().signer().await.unwrap().kid(),
            Some(row.kid.as_str()),
            "{backend}"
        );
        // The same sealed bytes in another kid's row (as a write into the key table
        // could do), staged and promoted: the ring refuses to open them.
        let mut jwk: serde_json::Value = serde_json::from_str(&row.public_jwk).unwrap();
        jwk["kid"] = "moved".into();
        let moved = KeyRow {
            kid: "moved".into(),
            public_jwk: jwk.to_string(),
            state: portcullis_idp::store::KeyState::Next,
            created_at: NOW,
            activated_at: None,
            retired_at: None,
            ..row.clone()
        };
        store.insert_next_key(&moved).await.unwrap();
        let fresh = ring();
        assert_eq!(
            fresh.rotate(NOW, 0).await.unwrap(),
            Rotation::Promoted {
                kid: "moved".into()
            },
            "{backend}"
        );
        let err = fresh.signer().await.unwrap_err().to_string();
        assert!(err.contains("cannot be decrypted"), "{backend}: {err}");
    }
}

#[test]
fn master_key_files_are_created_private_and_reloaded() {
    let dir = std::env::temp_dir().join(format!("portcullis-master-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("master.key");
    let _ = std::fs::remove_file(&path);
    let a = MasterKey::load_or_create(&path).unwrap();
    let sealed = a.seal(b"x", b"k").unwrap();
    let b = MasterKey::load_or_create(&path).unwrap();
    assert_eq!(b.open(&sealed, b"k").unwrap().as_slice(), b"x");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    for bad in ["", "zz", &"g".repeat(64), &"a".repeat(63)] {
        assert!(MasterKey::from_hex(bad).is_err(), "{bad}");
    }
}
