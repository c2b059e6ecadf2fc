// Package web is cmdai-server's web dashboard, served at / beside the API: server-rendered html/template
// pages (readable with JavaScript off; htmx, vendored from npm and embedded with Subresource Integrity,
// only makes links and forms swap the page in place) for the team's members, history and analytics,
// shared patterns, policies with a test console, approvals, the audit log with its verification, and
// organisation settings. Every page reads and writes through the API in-process, with the signed-in
// person's own access token, so it is authorised, rate limited and audited exactly as the REST and
// GraphQL APIs are. Pages carry a strict Content-Security-Policy, forms a CSRF token, and the session
// lives in HttpOnly, Secure, SameSite cookies.
package web
