"""The container images built and run with podman: `make image-test`, `make image-test-model`."""
