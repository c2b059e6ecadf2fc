//go:build !noweb

package web

import (
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// contentSecurityPolicy admits only the server's own script and stylesheet: no inline script or style,
// no other origin, no framing, and forms that post back to the server only.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Handler serves the pages. Build it with New.
type Handler struct {
	api http.Handler
	log *slog.Logger
	// pages parses the templates at the first page shown, so that a server whose dashboard nobody opens
	// spends no memory on them.
	pages  func() (map[string]*template.Template, error)
	static fs.FS
	sri    map[string]string // static file → its integrity attribute
	mux    *http.ServeMux
}

// New returns the dashboard over api (the API's handler, which it calls in-process). Requests for
// paths the dashboard does not serve go to api.
func New(api http.Handler, log *slog.Logger) (*Handler, error) {
	if log == nil {
		log = slog.Default()
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	h := &Handler{api: api, log: log, static: static, sri: map[string]string{}}
	for _, name := range []string{"htmx.min.js", "app.css"} {
		b, err := fs.ReadFile(static, name)
		if err != nil {
			return nil, fmt.Errorf("web: static files: %w", err)
		}
		sum := sha512.Sum384(b)
		h.sri[name] = "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	h.pages = sync.OnceValues(func() (map[string]*template.Template, error) { return parsePages(h.sri) })
	h.routes()
	return h, nil
}

func parsePages(sri map[string]string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"sri":     func(name string) string { return sri[name] },
		"when":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
		"whenPtr": func(t *time.Time) string { return whenPtr(t) },
		"pct":     func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"short":   func(s string, n int) string { return short(s, n) },
		"deref":   deref,
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func whenPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// deref is what a pointer points to, or nil.
func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return v
	}
	if rv.IsNil() {
		return nil
	}
	return rv.Elem().Interface()
}

func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (h *Handler) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /static/{file}", h.serveStatic)
	m.HandleFunc("GET /login", h.loginPage)
	m.HandleFunc("POST /login", h.login)
	m.HandleFunc("POST /login/mfa", h.loginMFA)
	m.HandleFunc("POST /login/sso", h.loginSSO)
	m.HandleFunc("GET "+ssoCallbackPath, h.loginSSOCallback)
	m.HandleFunc("POST /logout", h.authed(h.logout))
	m.HandleFunc("GET /{$}", h.authed(h.home))
	m.HandleFunc("GET /teams/{id}", h.authed(h.teamPage))
	m.HandleFunc("POST /teams/{id}/invitations", h.authed(h.inviteMember))
	m.HandleFunc("POST /teams/{id}/invitations/{iid}/revoke", h.authed(h.revokeInvitation))
	m.HandleFunc("GET /invitations", h.authed(h.invitationsPage))
	m.HandleFunc("POST /invitations/{iid}/{answer}", h.authed(h.answerInvitation))
	m.HandleFunc("GET /teams/{id}/analytics", h.authed(h.analyticsPage))
	m.HandleFunc("GET /teams/{id}/patterns", h.authed(h.patternsPage))
	m.HandleFunc("GET /orgs/{id}", h.authed(h.orgHome))
	m.HandleFunc("GET /orgs/{id}/policies", h.authed(h.policiesPage))
	m.HandleFunc("POST /orgs/{id}/policies", h.authed(h.savePolicy))
	m.HandleFunc("POST /orgs/{id}/policies/test", h.authed(h.testPolicy))
	m.HandleFunc("GET /orgs/{id}/approvals", h.authed(h.approvalsPage))
	m.HandleFunc("POST /orgs/{id}/approvals/{aid}/{decision}", h.authed(h.decideApproval))
	m.HandleFunc("GET /orgs/{id}/audit", h.authed(h.auditPage))
	m.HandleFunc("GET /orgs/{id}/settings", h.authed(h.settingsPage))
	m.HandleFunc("GET /orgs/{id}/workflows", h.authed(h.workflowsPage))
	m.HandleFunc("GET /orgs/{id}/workflows/{wid}", h.authed(h.workflowRunsPage))
	m.HandleFunc("GET /orgs/{id}/workflows/{wid}/runs/{rid}", h.authed(h.workflowRunPage))
	m.Handle("/", h.api)
	h.mux = m
}

// ServeHTTP serves a page with the dashboard's security headers, refusing a cross-origin form post
// before it reaches a handler (Sec-Fetch-Site and Origin, on top of the CSRF token); any other path goes
// to the API as it is.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := h.mux.Handler(r); pattern == "/" {
		h.api.ServeHTTP(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", contentSecurityPolicy)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Referrer-Policy", "same-origin")
	hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
	if err := crossOrigin.Check(r); err != nil {
		h.fail(w, r, http.StatusForbidden, "This form was sent from another site, so it was refused.")
		return
	}
	h.mux.ServeHTTP(w, r)
}

var crossOrigin = http.NewCrossOriginProtection()

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if _, ok := h.sri[name]; !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, h.static, name)
}

// view is what every page's template gets: the page's own data and what the layout needs.
type view struct {
	Title   string
	Nav     string // the section the page is in, for aria-current
	CSRF    string
	Email   string
	Team    *navItem
	Org     *navItem
	Notice  string
	Problem string
	Data    any
}

type navItem struct{ ID, Name string }

// render writes the page; a template error is logged and answered 500 without a half-written page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	pages, err := h.pages()
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: templates", slog.String("error", err.Error()))
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	t, ok := pages[page]
	if !ok {
		panic("web: no page " + page)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout.html", v); err != nil {
		h.log.ErrorContext(r.Context(), "web: render", slog.String("page", page), slog.String("error", err.Error()))
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// fail shows an error page that says what went wrong.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, message string) {
	h.render(w, r, status, "error", view{Title: http.StatusText(status), Problem: message})
}
