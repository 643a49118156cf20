# La página «Seguridad de la cuenta» (/account/security) y su propio inicio de sesión, en español.

## La página

account-title = Seguridad de la cuenta
account-signed-in-as = Has iniciado sesión como { $email }
account-sign-out = Cerrar sesión

## Iniciar sesión en la página

account-confirm-title = Confirma que eres tú
account-sign-in-intro = Inicia sesión para gestionar cómo inicias sesión.
account-confirm-intro = Para cambiar cómo inicias sesión, vuelve a iniciar sesión (debe haber sido en { $minutes ->
        [one] el último minuto
       *[other] los últimos { $minutes } minutos
    }).
account-sign-in-first = Inicia sesión primero.
account-sign-in-again = Vuelve a iniciar sesión para cambiar cómo inicias sesión.
then-open-account-page = Vuelve a abrir la página de la cuenta.

## Llaves de acceso

account-passkeys-title = Llaves de acceso
account-passkeys-intro = Una llave de acceso te permite iniciar sesión sin contraseña y sustituye al código que se pide después de la contraseña.
account-no-passkeys = Todavía no hay llaves de acceso.
account-passkey-synced = Llave de acceso sincronizada
account-passkey-device = Llave de acceso en este dispositivo o llave de seguridad
account-passkey-added = añadida el { $date }
account-passkey-used-today = usada hoy
account-passkey-last-used = usada por última vez el { $date }
account-passkey-never-used = nunca usada
account-passkey-new-name = Nuevo nombre para { $name }
account-passkey-rename = Cambiar nombre
account-passkey-remove = Eliminar
account-passkey-name-label = Nombre de la nueva llave de acceso
account-passkey-default-name = Mi llave de acceso
account-passkey-add = Añadir una llave de acceso
account-passkey-needs-script = Para añadir una llave de acceso se necesita JavaScript.
account-passkeys-unavailable = Las llaves de acceso no están disponibles en este servidor.
account-passkey-renamed = Llave de acceso renombrada.
account-passkey-removed = Llave de acceso eliminada.
account-passkey-cancelled = La solicitud de la llave de acceso se canceló o caducó. Inténtalo de nuevo.

## Aplicación de autenticación

account-totp-title = Aplicación de autenticación
account-totp-scan = Escanea este código QR con tu aplicación de autenticación (o escribe la clave) y después introduce el código que muestra.
account-totp-qr-label = Código QR de tu nueva clave de autenticación
account-totp-key = Clave:
account-totp-code = Código de la aplicación
account-totp-submit = Activar
account-totp-on = Activada: al iniciar sesión con tu contraseña se pide un código de la aplicación.
account-totp-remove = Eliminar la aplicación de autenticación
account-totp-off = Desactivada.
account-totp-set-up = Configurar una aplicación de autenticación
account-totp-turned-on = Aplicación de autenticación activada.
account-totp-invalid = Código no válido. Inténtalo de nuevo con el código que muestra ahora la aplicación.
account-totp-removed = Aplicación de autenticación eliminada.

## Códigos de recuperación

account-recovery-title = Códigos de recuperación
account-recovery-save = Guarda estos códigos ahora: solo se muestran una vez.
account-recovery-each = Cada uno te permite iniciar sesión una vez sin tu aplicación ni tu llave de acceso.
account-recovery-left = Códigos de recuperación sin usar: { $count }.
account-recovery-regenerate = Obtener nuevos códigos de recuperación
account-recovery-none = Los códigos de recuperación acompañan a una llave de acceso o a una aplicación de autenticación.
account-recovery-regenerated = Nuevos códigos de recuperación: los anteriores ya no funcionan.

## Lo que dicen las reglas de la cuenta sobre un cambio

account-unknown-action = Acción desconocida.
account-no-such-passkey = Esa llave de acceso no existe.
account-no-such-authenticator = No hay ninguna aplicación de autenticación pendiente de activar.
account-no-such-user = Esta cuenta ya no existe o está desactivada.
account-passkey-name-required = Ponle un nombre a la llave de acceso.
account-passkey-name-too-long = El nombre de una llave de acceso debe tener como máximo { $max } caracteres.
account-passkey-name-control = El nombre de una llave de acceso no debe contener caracteres de control.
account-passkey-last = Esta llave de acceso es la última forma de iniciar sesión en esta cuenta: añade otra primero.
account-totp-already = Ya hay una aplicación de autenticación configurada: elimínala primero.
account-recovery-needs-factor = Los códigos de recuperación sustituyen a un segundo factor: configura uno primero.

account-providers-title = Otros proveedores de inicio de sesión
account-provider-link = Conectar { $provider }
account-provider-unlink = Desconectar
account-provider-unlinked = El proveedor se ha desconectado.
