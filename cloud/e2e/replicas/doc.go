// Package replicas holds the end-to-end test of cmdai-server run as several replicas behind HAProxy
// (deploy/haproxy/haproxy.cfg), sharing one PostgreSQL and one Redis, while replicas are killed and
// stopped under load.
package replicas
