"""`python -m service`: serve the app with uvicorn on the configured host and port."""

from __future__ import annotations

import os

import uvicorn


def main() -> None:
    """Run the service; workers and port come from the environment."""
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=os.environ.get("STRUCTURE_HOST", "127.0.0.1"),
        port=int(os.environ.get("STRUCTURE_PORT", "8000")),
        workers=int(os.environ.get("STRUCTURE_WORKERS", "1")),
        log_level="warning",
    )


if __name__ == "__main__":
    main()
