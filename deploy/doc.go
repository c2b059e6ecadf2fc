// Package deploy holds the files that run cmdai-server outside a developer's shell: the Dockerfile, a
// docker-compose.yml with PostgreSQL and Redis, and Kubernetes manifests in k8s/. Its tests check them
// against the real Kubernetes API schemas and the compose file's structure.
package deploy
