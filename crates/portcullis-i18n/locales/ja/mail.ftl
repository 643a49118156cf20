# 発行者が送るメール（日本語）。

mail-verify-subject = メールアドレスの確認
mail-verify-intro = 次のリンクから、アカウントのメールアドレスを確認してください：
mail-verify-validity = このリンクは 1 回のみ、{ $hours } 時間有効です。

mail-reset-subject = パスワードの再設定
mail-reset-intro = パスワードの再設定が依頼されました。ご本人の場合は次のリンクを開いてください：
mail-reset-validity = このリンクは 1 回のみ、{ $hours } 時間有効です。お心当たりがない場合は、このメールを無視してください。

mail-existing-subject = すでにアカウントをお持ちです
mail-existing-intro = どなたか（ご本人かもしれません）がこのアドレスでアカウントを作成しようとしましたが、このアドレスのアカウントはすでに存在します。
mail-existing-action = そのアカウントでサインインするか、こちらから新しいパスワードを設定してください：
mail-existing-ignore = お心当たりがない場合は、このメールを無視してください。何も変更されていません。

mail-invitation-subject = { -product } の { $org } への招待
mail-invitation-intro = { $org } に { $role } として招待されました。
mail-invitation-action = 承諾するには、次のリンクを開き、このアドレスでサインインしてください：
mail-invitation-validity = この招待は 1 回のみ、{ $days } 日間有効です。
mail-invitation-api = アプリがあなたのアクセストークン（{ $endpoint }）と次のトークンを使って、代わりに承諾することもできます：

mail-signin-code-subject = サインインコード
mail-signin-code-intro = サインイン用のコード:
mail-signin-code-link = または、コードをリクエストしたブラウザーでこのリンクを開いてください:
mail-signin-code-validity = このコードは { $minutes } 分間、1 回だけ使えます。心当たりがない場合は、このメッセージを無視してください。コードがなければ誰もサインインできません。
