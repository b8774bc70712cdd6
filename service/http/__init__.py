"""The HTTP layer: routes, problem documents, OpenAPI, access control, logs and metrics."""
