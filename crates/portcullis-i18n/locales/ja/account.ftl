# アカウントのセキュリティページ (/account/security) とそのサインイン (日本語)。

## ページ

account-title = アカウントのセキュリティ
account-signed-in-as = { $email } としてサインインしています
account-sign-out = サインアウト

## ページでのサインイン

account-confirm-title = ご本人であることを確認してください
account-sign-in-intro = サインイン方法を管理するには、サインインしてください。
account-confirm-intro = サインイン方法を変更するには、もう一度サインインしてください (サインインは直近 { $minutes } 分以内である必要があります)。
account-sign-in-first = 先にサインインしてください。
account-sign-in-again = サインイン方法を変更するには、もう一度サインインしてください。
then-open-account-page = アカウントページをもう一度開いてください。

## パスキー

account-passkeys-title = パスキー
account-passkeys-intro = パスキーを使うとパスワードなしでサインインでき、パスワードの後のコードの代わりにもなります。
account-no-passkeys = パスキーはまだありません。
account-passkey-synced = 同期されたパスキー
account-passkey-device = このデバイス上のパスキーまたはセキュリティキー
account-passkey-added = { $date } に追加
account-passkey-used-today = 今日使用
account-passkey-last-used = 最終使用日 { $date }
account-passkey-never-used = 未使用
account-passkey-new-name = { $name } の新しい名前
account-passkey-rename = 名前を変更
account-passkey-remove = 削除
account-passkey-name-label = 新しいパスキーの名前
account-passkey-default-name = マイパスキー
account-passkey-add = パスキーを追加
account-passkey-needs-script = パスキーを追加するには JavaScript が必要です。
account-passkeys-unavailable = このサーバーではパスキーを利用できません。
account-passkey-renamed = パスキーの名前を変更しました。
account-passkey-removed = パスキーを削除しました。
account-passkey-cancelled = パスキーのリクエストがキャンセルされたか、タイムアウトしました。もう一度お試しください。

## 認証アプリ

account-totp-title = 認証アプリ
account-totp-scan = 認証アプリでこの QR コードを読み取り (またはキーを入力し)、表示されたコードを入力してください。
account-totp-qr-label = 新しい認証キーの QR コード
account-totp-key = キー:
account-totp-code = アプリのコード
account-totp-submit = 有効にする
account-totp-on = 有効: パスワードでサインインすると、アプリのコードが求められます。
account-totp-remove = 認証アプリを削除
account-totp-off = 無効。
account-totp-set-up = 認証アプリを設定
account-totp-turned-on = 認証アプリを有効にしました。
account-totp-invalid = コードが正しくありません。アプリに今表示されているコードでもう一度お試しください。
account-totp-removed = 認証アプリを削除しました。

## リカバリーコード

account-recovery-title = リカバリーコード
account-recovery-save = これらのコードを今すぐ保存してください。表示されるのは一度だけです。
account-recovery-each = 各コードは、アプリやパスキーなしで 1 回だけサインインに使えます。
account-recovery-left = 未使用のリカバリーコード: { $count } 個
account-recovery-regenerate = 新しいリカバリーコードを取得
account-recovery-none = リカバリーコードは、パスキーまたは認証アプリを設定すると使えるようになります。
account-recovery-regenerated = 新しいリカバリーコードを発行しました。以前のコードは使えなくなりました。

## 変更についてアカウントのルールが伝えること

account-unknown-action = 不明な操作です。
account-no-such-passkey = そのパスキーは存在しません。
account-no-such-authenticator = 有効化を待っている認証アプリはありません。
account-no-such-user = このアカウントは存在しないか、無効になっています。
account-passkey-name-required = パスキーに名前を付けてください。
account-passkey-name-too-long = パスキーの名前は { $max } 文字以下にしてください。
account-passkey-name-control = パスキーの名前に制御文字は使えません。
account-passkey-last = このパスキーは、このアカウントにサインインできる最後の方法です。先に別の方法を追加してください。
account-totp-already = 認証アプリはすでに設定されています。先に削除してください。
account-recovery-needs-factor = リカバリーコードは 2 段階認証の代わりとなるものです。先に設定してください。

account-providers-title = ほかのサインインプロバイダー
account-provider-link = { $provider } を連携
account-provider-unlink = 連携を解除
account-provider-unlinked = プロバイダーの連携を解除しました。
