//! A router that knows what it serves. Routes are added through [`Routes`] with the
//! method functions of this module ([`get`], [`post`], ...), which build the axum
//! router and, at the same time, the list of every `(method, path)` it answers. The
//! list is what [`crate::Server::routes`] reports, so the OpenAPI document can be
//! compared with the router itself rather than with a list kept by hand. Routes built
//! with their OpenAPI operations (utoipa-axum) are listed from those operations
//! ([`Routes::nest_documented`]).

use std::convert::Infallible;

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::Method;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use tower_layer::Layer;
use tower_service::Service;
use utoipa_axum::router::OpenApiRouter;

/// One method on one path that the router answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedRoute {
    /// The method (`GET` also answers `HEAD`, as axum does).
    pub method: Method,
    /// The full path, in axum's syntax (`/api/admin/users/{user}`).
    pub path: String,
}

/// The handlers of one path, and their methods.
pub(crate) struct Methods<S> {
    router: MethodRouter<S>,
    methods: Vec<Method>,
}

macro_rules! method_fns {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($method), "` served by `handler`.")]
            #[allow(dead_code, reason = "every method is offered, whichever the routes use today")]
            pub(crate) fn $name<H, T, S>(handler: H) -> Methods<S>
            where
                H: Handler<T, S>,
                T: 'static,
                S: Clone + Send + Sync + 'static,
            {
                Methods {
                    router: axum::routing::$name(handler),
                    methods: vec![Method::$method],
                }
            }
        )*

        impl<S: Clone + Send + Sync + 'static> Methods<S> {
            $(
                #[doc = concat!("Adds `", stringify!($method), "` served by `handler`.")]
                #[allow(dead_code, reason = "every method is offered, whichever the routes use today")]
                pub(crate) fn $name<H, T>(mut self, handler: H) -> Self
                where
                    H: Handler<T, S>,
                    T: 'static,
                {
                    self.router = self.router.$name(handler);
                    self.methods.push(Method::$method);
                    self
                }
            )*
        }
    };
}

method_fns!(
    get => GET,
    post => POST,
    put => PUT,
    patch => PATCH,
    delete => DELETE,
    options => OPTIONS,
);

impl<S: Clone + Send + Sync + 'static> Methods<S> {
    /// Wraps every method of this path in `layer` (as [`MethodRouter::layer`]).
    pub(crate) fn layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        Self {
            router: self.router.layer(layer),
            methods: self.methods,
        }
    }
}

/// An axum router and the list of what it serves, built together.
pub(crate) struct Routes<S> {
    router: Router<S>,
    served: Vec<ServedRoute>,
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// No routes yet.
    pub(crate) fn new() -> Self {
        Self {
            router: Router::new(),
            served: Vec::new(),
        }
    }

    /// Serves `methods` at `path`.
    pub(crate) fn route(mut self, path: &str, methods: Methods<S>) -> Self {
        self.router = self.router.route(path, methods.router);
        self.served
            .extend(methods.methods.into_iter().map(|method| ServedRoute {
                method,
                path: path.to_owned(),
            }));
        self
    }

    /// Serves `other`'s routes under `prefix`, and lists what its OpenAPI operations
    /// say it serves (utoipa-axum builds both from each handler's `#[utoipa::path]`).
    pub(crate) fn nest_documented(mut self, prefix: &str, other: OpenApiRouter<S>) -> Self {
        let (router, api) = other.split_for_parts();
        self.router = self.router.nest(prefix, router);
        for (path, item) in api.paths.paths {
            let operations = [
                (Method::GET, &item.get),
                (Method::PUT, &item.put),
                (Method::POST, &item.post),
                (Method::DELETE, &item.delete),
                (Method::OPTIONS, &item.options),
                (Method::HEAD, &item.head),
                (Method::PATCH, &item.patch),
                (Method::TRACE, &item.trace),
            ];
            self.served
                .extend(operations.into_iter().filter(|(_, op)| op.is_some()).map(
                    |(method, _)| ServedRoute {
                        method,
                        path: format!("{prefix}{path}"),
                    },
                ));
        }
        self
    }

    /// Serves `other`'s routes too.
    pub(crate) fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }

    /// Wraps the routes added so far in `layer` (as [`Router::route_layer`]).
    pub(crate) fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
        self
    }

    /// The router, and what it serves.
    pub(crate) fn into_parts(self) -> (Router<S>, Vec<ServedRoute>) {
        (self.router, self.served)
    }
}
