# 発行者のホスト型ページ（日本語）。

## 言語について

language-name = 日本語
language-direction = ltr

## 複数のページで共通

-product = Portcullis
product-name = { -product }
field-email = メールアドレス
field-password = パスワード
field-new-password = パスワード（{ $min } 文字以上）
field-new-password-reset = 新しいパスワード（{ $min } 文字以上）
field-code = コード
continue-to = { $client } に進むには
check-email-title = メールをご確認ください
link-expired-title = リンクの有効期限切れ
back-to-sign-in = サインインに戻る
forgot-password-link = パスワードをお忘れですか？
reset-your-password = パスワードを再設定する

## サインイン

signin-title = サインイン
signin-submit = サインイン
signin-create-account = アカウントを作成
signin-invalid = メールアドレスまたはパスワードが正しくありません
signin-expired = サインインの有効期限が切れました。もう一度サインインしてください。

## アカウント登録

signup-title = アカウントを作成
field-name-optional = 名前（任意）
signup-submit = アカウントを作成
signup-have-account = すでにアカウントをお持ちの方
signup-taken = このメールアドレスのアカウントはすでに存在します。サインインしてください。
signup-check-email = アドレス確認用のリンクをお送りしました。リンクを開いてから、サインインしてください。

## 同意

consent-page-title = アクセスの許可
consent-title = アクセスを許可しますか？
consent-asks = { $client } が { $audience } でのあなたのアカウントの利用を求めています：
consent-scope-openid = サインイン
consent-scope-profile = お名前
consent-scope-email = メールアドレス
consent-scope-offline_access = サインイン状態の維持
consent-withdraw = この許可は後から取り消せます。その場合、アプリケーションからサインアウトされます。
consent-allow = 許可する
consent-deny = 拒否する

## 組織の選択

choose-org-title = 組織を選択

## 2 段階目の認証

mfa-title = 2 段階認証
mfa-intro = 認証アプリに表示される 6 桁のコード、またはリカバリーコードのいずれかを入力してください。
mfa-submit = 確認
mfa-lost = 認証アプリとリカバリーコードの両方を紛失した場合は、管理者に 2 段階認証のリセットを依頼してください。
mfa-invalid = コードが正しくありません。もう一度お試しください。
mfa-throttled = 誤ったコードの入力が多すぎます。{ $seconds } 秒後にもう一度お試しください。

## パスワードの再設定

forgot-title = パスワードをお忘れですか？
forgot-intro = 新しいパスワードを設定するためのリンクをメールでお送りします。
forgot-submit = リンクを送信
forgot-sent = このアドレスのアカウントが存在する場合、新しいパスワードを設定するためのリンクを送信しました。
reset-title = 新しいパスワードの設定
reset-submit = パスワードを変更
reset-done-title = パスワードを変更しました
reset-done = パスワードが変更され、すべてのセッションからサインアウトしました。アプリからもう一度サインインしてください。
reset-link-expired = このリンクは無効か、使用済みか、有効期限が切れています。新しいリンクをご請求ください。

## メールアドレスの確認

verify-link-expired = このリンクは無効か、使用済みか、有効期限が切れています。
verified-title = メールアドレスを確認しました
verified = ありがとうございます。メールアドレスが確認されました。
verified-continue = サインインに進む

## 招待

join-title = { $org } に参加
join-invited = { $role } として招待されています。承諾するには { $email } でサインインしてください。
join-submit = サインインして参加
join-no-account = このアドレスのアカウントをまだお持ちでない場合は、招待元のアプリでアカウントを作成・確認してから、このリンクをもう一度開いてください。
invitation-invalid-title = 無効な招待
invitation-invalid = この招待は無効か、使用済みか、取り消されたか、有効期限が切れています。新しい招待を依頼してください。
join-welcome-title = ようこそ
join-welcome = { $role } として { $org } に参加しました。
invitation-refused-title = 招待を承諾できませんでした
invitation-wrong = この招待は無効か、使用済みか、有効期限が切れているか、別のアドレス宛てです。
invitation-last-owner = 承諾すると、組織のオーナーがいなくなります。

## サインアウト

logout-title = サインアウトしますか？
logout-question = サインイン中です。このブラウザーでこのアカウントを使用しているすべてのアプリケーションからサインアウトしますか？
logout-submit = サインアウト
logged-out-page-title = サインアウト済み
logged-out-title = サインアウトしました
logged-out-close = このウィンドウを閉じてもかまいません。

## エラー

error-title = 問題が発生しました
error-go-back = アプリケーションに戻って、もう一度お試しください。
form-expired = このフォームの有効期限が切れました。{ $then }
then-open-invitation = 招待リンクをもう一度開いてください。
then-try-again = もう一度お試しください。
then-open-email-link = メールに記載のリンクをもう一度開いてください。
error-signed-out = サインインが終了しました。アプリケーションに戻って、もう一度サインインしてください。
error-unavailable = サービスは一時的に利用できません。もう一度お試しください。
error-repeated-parameter = パラメーター { $name } が重複しています。
throttled-title = サインインの試行回数が多すぎます
throttled = このアカウントへのサインインの試行回数が多すぎます。{ $seconds } 秒後にもう一度お試しいただくか、パスワードを再設定してください（リンクをメールでお送りします）。
error-no-client-id = リクエストに client_id がありません。
error-unknown-client = このアプリケーションは登録されていません。
error-redirect-uri-unregistered = この redirect_uri はこのアプリケーションに登録されていません。
error-no-redirect-uri = リクエストに redirect_uri がありません。
error-redirect-uri-not-url = redirect_uri が URL ではありません。

## 入力内容に関するアカウントのルール

input-email-required = メールアドレスを入力してください。
input-email-invalid = 有効なメールアドレスではありません。
input-password-required = パスワードを入力してください。
input-password-too-short = パスワードは { $min } 文字以上にしてください。
input-password-too-long = パスワードは { $max } バイト以下にしてください。
input-password-common = このパスワードはよく使われています。推測されにくいものを選んでください。
input-password-is-email = パスワードにメールアドレスは使用できません。
input-name-too-long = 名前は { $max } 文字以下にしてください。

## Passkeys on the sign-in and second-step pages
passkey-sign-in = パスキーでサインイン
passkey-use = パスキーを使用
mfa-intro-passkey-code = パスキーを使用するか、認証アプリに表示される 6 桁のコード、またはリカバリーコードのいずれかを入力してください。
mfa-intro-passkey = パスキーを使用するか、リカバリーコードのいずれかを入力してください。
logged-out-account-link = パスキーと 2 段階認証を管理

## Setting up a second factor during the sign-in
enrol-title = 2 段階認証を設定
enrol-scan = 認証アプリでこの QR コードを読み取ってください (または下のキーをアプリに入力してください)。
enrol-enter = アプリに表示される 6 桁のコードを入力してください。
enrol-qr-label = 新しい認証キーの QR コード
enrol-key = キー:
enrol-submit = 有効にする
enrol-reason-requested = { $client } は 2 段階でのサインインを求めています。
enrol-reason-everyone = このサービスでは 2 段階認証が必要です。
enrol-reason-organization = { $name } はメンバーに 2 段階認証を求めています。
enrol-reason-role = あなたのロール { $name } には 2 段階認証が必要です。
enrol-reason-client = { $name } では 2 段階認証が必要です。
recovery-title = リカバリーコードを保存してください
recovery-intro = 2 段階認証が有効になりました。認証アプリを紛失した場合、これらのコードはそれぞれ 1 回だけサインインに使えます。表示されるのは今だけです。安全な場所に保管してください。
recovery-continue = 保存しました。続行

signin-email-code = サインインコードをメールで受け取る
email-code-need-email = 先にメールアドレスを入力してください。
email-code-title = メールを確認してください
email-code-intro = { $email } のアカウントが存在する場合、6 桁のコードを送信しました。ここに入力するか、このブラウザーでメールのリンクを開いてください。
email-code-submit = サインイン
email-code-resend = 新しいコードを送信
email-code-invalid = コードが正しくないか、有効期限が切れています。最新のメールを確認するか、新しいコードを送信してください。
email-code-elsewhere-title = コードをリクエストしたブラウザーで入力してください
email-code-elsewhere = このリンクでサインインできるのは、コードをリクエストしたブラウザーだけです。そのブラウザーでこのコードを入力してください: { $code }
error-not-found = このページは存在しません。
signin-mfa-required = このアプリケーションでは 2 段階認証が必要です。設定または使用するには、もう一度サインインしてください。

signin-continue-with = { $provider } で続行
upstream-failed-title = サインインが完了しませんでした
upstream-unknown = { $name } という名前のサインインプロバイダーはありません。
upstream-other-browser = この応答は、別のブラウザーで開始されたか、すでに終了したサインインのものです。アプリケーションからやり直してください。
upstream-expired = このサインインは期限切れか、すでに使用されています。アプリケーションからやり直してください。
upstream-refused = プロバイダーはサインインしませんでした ({ $error })。
upstream-unreachable = プロバイダーに接続できませんでした。しばらくしてからもう一度試すか、別の方法でサインインしてください。
upstream-bad-answer = プロバイダーの応答を信頼できなかったため、サインインしませんでした。もう一度試すか、別の方法でサインインしてください。
upstream-wrong-issuer = 応答がサインイン先とは別のプロバイダーから来たため、拒否されました。
upstream-no-email = プロバイダーからメールアドレスが提供されませんでした。アカウントにはメールアドレスが必要です。
upstream-email-not-verified = プロバイダーがメールアドレスを確認していません。アカウントには確認済みのメールアドレスが必要です。プロバイダー側で確認するか、別の方法でサインインしてください。
upstream-account-exists = このメールアドレスのアカウントはすでに存在します。まず別の方法でサインインしてください。その後、このプロバイダーを連携できます。
upstream-account-disabled = このアカウントは無効になっています。
continue-title = サインインしています…
continue-link = 続行
upstream-sso-required = 組織のシングルサインオンでのサインインが必要です。戻ってシングルサインオンで続行してください。
upstream-linked-elsewhere = このプロバイダーのアカウントは、すでに別のユーザーに連携されています。
