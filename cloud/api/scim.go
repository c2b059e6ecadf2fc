package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/sso"
)

// SCIM 2.0 (RFC 7643, 7644) for identity providers such as Okta and Azure AD: users and groups of the
// organisation whose SCIM bearer token the request carries. Deprovisioning a user (active false, or
// DELETE) revokes every session and API key of theirs at once.
const (
	scimUserSchema  = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
	scimListSchema  = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"
	scimContentType = "application/scim+json"
)

func (h *handler) scimRoutes() []route {
	r, audited := newRoute, auditedRoute
	const users, groups = "/scim/v2/Users", "/scim/v2/Groups"
	return []route{
		r("GET", users, AccessPublic, h.scim(h.scimListUsers)),
		audited("scim.user.create", "user", r("POST", users, AccessPublic, h.scim(h.scimCreateUser))),
		r("GET", users+"/{id}", AccessPublic, h.scim(h.scimGetUser)),
		audited("scim.user.replace", "user", r("PUT", users+"/{id}", AccessPublic, h.scim(h.scimReplaceUser))),
		audited("scim.user.patch", "user", r("PATCH", users+"/{id}", AccessPublic, h.scim(h.scimPatchUser))),
		audited("scim.user.deprovision", "user", r("DELETE", users+"/{id}", AccessPublic, h.scim(h.scimDeleteUser))),
		r("GET", groups, AccessPublic, h.scim(h.scimListGroups)),
		audited("scim.group.create", "scim_group", r("POST", groups, AccessPublic, h.scim(h.scimCreateGroup))),
		r("GET", groups+"/{id}", AccessPublic, h.scim(h.scimGetGroup)),
		audited("scim.group.patch", "scim_group", r("PATCH", groups+"/{id}", AccessPublic, h.scim(h.scimPatchGroup))),
		audited("scim.group.delete", "scim_group", r("DELETE", groups+"/{id}", AccessPublic, h.scim(h.scimDeleteGroup))),
	}
}

// scimError is a SCIM error answer (RFC 7644 §3.12).
type scimError struct {
	status         int
	scimType, text string
}

func (e *scimError) Error() string { return e.text }

func writeSCIM(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", scimContentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeSCIMError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		se *scimError
		ve *sso.ValidationError
	)
	switch {
	case errors.As(err, &se):
	case errors.Is(err, sso.ErrSCIMToken):
		se = &scimError{http.StatusUnauthorized, "", err.Error()}
		w.Header().Set("WWW-Authenticate", `Bearer realm="cmdai-scim"`)
	case errors.Is(err, pgstore.ErrNotFound):
		se = &scimError{http.StatusNotFound, "", "no such resource"}
	case errors.Is(err, pgstore.ErrConflict):
		se = &scimError{http.StatusConflict, "uniqueness", "a resource with this name exists"}
	case errors.As(err, &ve):
		se = &scimError{http.StatusBadRequest, "invalidValue", ve.Error()}
	default:
		logger(r.Context()).ErrorContext(r.Context(), "scim request failed", "error", err.Error())
		se = &scimError{http.StatusInternalServerError, "", "internal error"}
	}
	body := map[string]any{"schemas": []string{scimErrorSchema}, "status": strconv.Itoa(se.status), "detail": se.text}
	if se.scimType != "" {
		body["scimType"] = se.scimType
	}
	writeSCIM(w, se.status, body)
}

// scim authenticates the organisation's SCIM bearer token before serve.
func (h *handler) scim(serve func(w http.ResponseWriter, r *http.Request, orgID string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			writeSCIMError(w, r, sso.ErrSCIMToken)
			return
		}
		orgID, err := h.sso.SCIMOrg(r.Context(), strings.TrimSpace(token))
		if err != nil {
			writeSCIMError(w, r, err)
			return
		}
		auditOrg(r, orgID)
		serve(w, r, orgID)
	}
}

// decodeSCIM reads a SCIM body; unlike the API's own routes it ignores attributes it does not use, as
// identity providers send many (name parts, locale, custom extensions).
func (h *handler) decodeSCIM(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err != nil {
		return &scimError{http.StatusRequestEntityTooLarge, "", "request body too large"}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &scimError{http.StatusBadRequest, "invalidSyntax", "request body is not a SCIM JSON object: " + err.Error()}
	}
	return nil
}

type scimMeta struct {
	ResourceType string    `json:"resourceType"`
	Created      time.Time `json:"created"`
	LastModified time.Time `json:"lastModified"`
	Location     string    `json:"location"`
}

type scimEmail struct {
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
	Type    string `json:"type,omitempty"`
}

type scimUserJSON struct {
	Schemas     []string    `json:"schemas"`
	ID          string      `json:"id,omitempty"`
	ExternalID  string      `json:"externalId,omitempty"`
	UserName    string      `json:"userName"`
	DisplayName string      `json:"displayName,omitempty"`
	Name        *scimName   `json:"name,omitempty"`
	Emails      []scimEmail `json:"emails,omitempty"`
	Active      *scimBool   `json:"active,omitempty"`
	Meta        *scimMeta   `json:"meta,omitempty"`
}

type scimName struct {
	Formatted  string `json:"formatted,omitempty"`
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
}

// scimBool is a SCIM boolean, which some providers (Azure AD) send as the string "True" or "False".
type scimBool bool

func (b *scimBool) UnmarshalJSON(data []byte) error {
	s := strings.Trim(strings.ToLower(string(data)), `"`)
	switch s {
	case "true":
		*b = true
	case "false":
		*b = false
	default:
		return errors.New("not a boolean: " + string(data))
	}
	return nil
}

func (u scimUserJSON) email() string {
	for _, e := range u.Emails {
		if e.Primary {
			return e.Value
		}
	}
	if strings.Contains(u.UserName, "@") || len(u.Emails) == 0 {
		return u.UserName
	}
	return u.Emails[0].Value
}

func (u scimUserJSON) displayName() string {
	switch {
	case u.DisplayName != "":
		return u.DisplayName
	case u.Name != nil && u.Name.Formatted != "":
		return u.Name.Formatted
	case u.Name != nil:
		return strings.TrimSpace(u.Name.GivenName + " " + u.Name.FamilyName)
	}
	return ""
}

func (h *handler) toSCIMUser(r *http.Request, i pgstore.SSOIdentity) scimUserJSON {
	active := scimBool(i.Active)
	return scimUserJSON{Schemas: []string{scimUserSchema}, ID: i.UserID, ExternalID: i.ExternalID, UserName: i.Email,
		DisplayName: i.DisplayName, Emails: []scimEmail{{Value: i.Email, Primary: true, Type: "work"}}, Active: &active,
		Meta: &scimMeta{ResourceType: "User", Created: i.CreatedAt, LastModified: i.UpdatedAt,
			Location: h.baseURL(r) + "/scim/v2/Users/" + i.UserID}}
}

func scimList(resources []any, start int) map[string]any {
	return map[string]any{"schemas": []string{scimListSchema}, "totalResults": len(resources),
		"startIndex": start, "itemsPerPage": len(resources), "Resources": resources}
}

// filterUserName is the one filter identity providers send: userName eq "value".
var filterUserName = regexp.MustCompile(`(?i)^\s*userName\s+eq\s+"([^"]*)"\s*$`)

func (h *handler) scimListUsers(w http.ResponseWriter, r *http.Request, orgID string) {
	email := ""
	if f := r.URL.Query().Get("filter"); f != "" {
		m := filterUserName.FindStringSubmatch(f)
		if m == nil {
			writeSCIMError(w, r, &scimError{http.StatusBadRequest, "invalidFilter", `only userName eq "..." is supported`})
			return
		}
		email = strings.ToLower(m[1])
	}
	ids, err := pgstore.SSOIdentities(r.Context(), h.db, orgID, email)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
	start = max(start, 1)
	count, err := strconv.Atoi(r.URL.Query().Get("count"))
	if err != nil || count <= 0 || count > 200 {
		count = 200
	}
	resources := []any{}
	for i, id := range ids {
		if i+1 >= start && len(resources) < count {
			resources = append(resources, h.toSCIMUser(r, id))
		}
	}
	out := scimList(resources, start)
	out["totalResults"] = len(ids)
	writeSCIM(w, http.StatusOK, out)
}

func (h *handler) scimCreateUser(w http.ResponseWriter, r *http.Request, orgID string) {
	var in scimUserJSON
	if err := h.decodeSCIM(w, r, &in); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	active := in.Active == nil || bool(*in.Active)
	id, err := h.sso.Provision(r.Context(), orgID, sso.SCIMUser{Email: in.email(), DisplayName: in.displayName(),
		ExternalID: in.ExternalID, Active: active})
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	if n := noteOf(r); n != nil {
		n.resourceID = id.UserID
	}
	writeSCIM(w, http.StatusCreated, h.toSCIMUser(r, id))
}

// scimUserID is the path's user id when it is one of the organisation's provisioned users.
func (h *handler) scimUserID(r *http.Request, orgID string) (pgstore.SSOIdentity, error) {
	id := r.PathValue("id")
	if !pgstore.IsUUID(id) {
		return pgstore.SSOIdentity{}, pgstore.ErrNotFound
	}
	if n := noteOf(r); n != nil {
		n.resourceID = id
	}
	return pgstore.SSOIdentityByUser(r.Context(), h.db, orgID, id)
}

func (h *handler) scimGetUser(w http.ResponseWriter, r *http.Request, orgID string) {
	id, err := h.scimUserID(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusOK, h.toSCIMUser(r, id))
}

func (h *handler) scimReplaceUser(w http.ResponseWriter, r *http.Request, orgID string) {
	id, err := h.scimUserID(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	var in scimUserJSON
	if err := h.decodeSCIM(w, r, &in); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	name := in.displayName()
	active := in.Active == nil || bool(*in.Active)
	id, err = h.sso.Update(r.Context(), orgID, id.UserID, &name, &active)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusOK, h.toSCIMUser(r, id))
}

type scimPatch struct {
	Operations []struct {
		Op    string          `json:"op"`
		Path  string          `json:"path"`
		Value json.RawMessage `json:"value"`
	} `json:"Operations"`
}

func (h *handler) scimPatchUser(w http.ResponseWriter, r *http.Request, orgID string) {
	id, err := h.scimUserID(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	var p scimPatch
	if err := h.decodeSCIM(w, r, &p); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	var (
		active *bool
		name   *string
	)
	for _, op := range p.Operations {
		if !strings.EqualFold(op.Op, "replace") && !strings.EqualFold(op.Op, "add") {
			continue
		}
		fields := map[string]json.RawMessage{}
		if op.Path != "" {
			fields[op.Path] = op.Value
		} else if err := json.Unmarshal(op.Value, &fields); err != nil {
			writeSCIMError(w, r, &scimError{http.StatusBadRequest, "invalidValue", "a patch without a path needs an object value"})
			return
		}
		for k, v := range fields {
			switch strings.ToLower(k) {
			case "active":
				var b scimBool
				if err := b.UnmarshalJSON(v); err != nil {
					writeSCIMError(w, r, &scimError{http.StatusBadRequest, "invalidValue", "active: " + err.Error()})
					return
				}
				active = (*bool)(&b)
			case "displayname":
				var s string
				if json.Unmarshal(v, &s) == nil {
					name = &s
				}
			}
		}
	}
	id, err = h.sso.Update(r.Context(), orgID, id.UserID, name, active)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusOK, h.toSCIMUser(r, id))
}

func (h *handler) scimDeleteUser(w http.ResponseWriter, r *http.Request, orgID string) {
	id, err := h.scimUserID(r, orgID)
	if err == nil {
		err = h.sso.Deprovision(r.Context(), orgID, id.UserID)
	}
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type scimMember struct {
	Value   string `json:"value"`
	Display string `json:"display,omitempty"`
}

type scimGroupJSON struct {
	Schemas     []string     `json:"schemas"`
	ID          string       `json:"id,omitempty"`
	ExternalID  string       `json:"externalId,omitempty"`
	DisplayName string       `json:"displayName"`
	Members     []scimMember `json:"members"`
	Meta        *scimMeta    `json:"meta,omitempty"`
}

func (h *handler) toSCIMGroup(r *http.Request, g pgstore.SCIMGroup) scimGroupJSON {
	out := scimGroupJSON{Schemas: []string{scimGroupSchema}, ID: g.ID, ExternalID: g.ExternalID, DisplayName: g.DisplayName,
		Members: []scimMember{}, Meta: &scimMeta{ResourceType: "Group", Created: g.CreatedAt, LastModified: g.UpdatedAt,
			Location: h.baseURL(r) + "/scim/v2/Groups/" + g.ID}}
	for _, m := range g.Members {
		out.Members = append(out.Members, scimMember{Value: m.UserID, Display: m.Email})
	}
	return out
}

func (h *handler) scimListGroups(w http.ResponseWriter, r *http.Request, orgID string) {
	gs, err := pgstore.SCIMGroups(r.Context(), h.db, orgID, "")
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	resources := []any{}
	for _, g := range gs {
		resources = append(resources, h.toSCIMGroup(r, g))
	}
	writeSCIM(w, http.StatusOK, scimList(resources, 1))
}

func (h *handler) scimGroup(r *http.Request, orgID string) (pgstore.SCIMGroup, error) {
	id := r.PathValue("id")
	if !pgstore.IsUUID(id) {
		return pgstore.SCIMGroup{}, pgstore.ErrNotFound
	}
	gs, err := pgstore.SCIMGroups(r.Context(), h.db, orgID, id)
	if err != nil {
		return pgstore.SCIMGroup{}, err
	}
	if len(gs) == 0 {
		return pgstore.SCIMGroup{}, pgstore.ErrNotFound
	}
	return gs[0], nil
}

func (h *handler) scimCreateGroup(w http.ResponseWriter, r *http.Request, orgID string) {
	var in scimGroupJSON
	if err := h.decodeSCIM(w, r, &in); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	if strings.TrimSpace(in.DisplayName) == "" {
		writeSCIMError(w, r, &scimError{http.StatusBadRequest, "invalidValue", "displayName is required"})
		return
	}
	g, err := pgstore.CreateSCIMGroup(r.Context(), h.db, orgID, strings.TrimSpace(in.DisplayName), in.ExternalID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	for _, m := range in.Members {
		if !pgstore.IsUUID(m.Value) {
			continue
		}
		if err := h.sso.SetGroupMember(r.Context(), orgID, g.ID, m.Value, true); err != nil {
			writeSCIMError(w, r, err)
			return
		}
	}
	if g, err = h.scimGroupByID(r, orgID, g.ID); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusCreated, h.toSCIMGroup(r, g))
}

func (h *handler) scimGroupByID(r *http.Request, orgID, id string) (pgstore.SCIMGroup, error) {
	gs, err := pgstore.SCIMGroups(r.Context(), h.db, orgID, id)
	if err == nil && len(gs) == 0 {
		err = pgstore.ErrNotFound
	}
	if err != nil {
		return pgstore.SCIMGroup{}, err
	}
	return gs[0], nil
}

func (h *handler) scimGetGroup(w http.ResponseWriter, r *http.Request, orgID string) {
	g, err := h.scimGroup(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusOK, h.toSCIMGroup(r, g))
}

// memberFilter is how a patch names one member to remove: members[value eq "id"].
var memberFilter = regexp.MustCompile(`(?i)^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$`)

func (h *handler) scimPatchGroup(w http.ResponseWriter, r *http.Request, orgID string) {
	g, err := h.scimGroup(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	var p scimPatch
	if err := h.decodeSCIM(w, r, &p); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	for _, op := range p.Operations {
		var members []scimMember
		_ = json.Unmarshal(op.Value, &members)
		add := strings.EqualFold(op.Op, "add") || strings.EqualFold(op.Op, "replace")
		switch {
		case strings.EqualFold(op.Path, "members") && add:
			if strings.EqualFold(op.Op, "replace") {
				for _, m := range g.Members {
					if err := h.sso.SetGroupMember(r.Context(), orgID, g.ID, m.UserID, false); err != nil {
						writeSCIMError(w, r, err)
						return
					}
				}
			}
		case strings.EqualFold(op.Path, "members") && strings.EqualFold(op.Op, "remove"):
			add = false
		case memberFilter.MatchString(op.Path) && strings.EqualFold(op.Op, "remove"):
			members, add = []scimMember{{Value: memberFilter.FindStringSubmatch(op.Path)[1]}}, false
		default:
			continue // displayName and other attributes: the name is the group's identity here
		}
		for _, m := range members {
			if !pgstore.IsUUID(m.Value) {
				continue
			}
			if err := h.sso.SetGroupMember(r.Context(), orgID, g.ID, m.Value, add); err != nil {
				writeSCIMError(w, r, err)
				return
			}
		}
	}
	if g, err = h.scimGroupByID(r, orgID, g.ID); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	writeSCIM(w, http.StatusOK, h.toSCIMGroup(r, g))
}

func (h *handler) scimDeleteGroup(w http.ResponseWriter, r *http.Request, orgID string) {
	g, err := h.scimGroup(r, orgID)
	if err != nil {
		writeSCIMError(w, r, err)
		return
	}
	members := g.Members
	if err := pgstore.DeleteSCIMGroup(r.Context(), h.db, orgID, g.ID); err != nil {
		writeSCIMError(w, r, err)
		return
	}
	for _, m := range members {
		// Recompute their roles without the group.
		if err := h.sso.SetGroupMember(r.Context(), orgID, g.ID, m.UserID, false); err != nil {
			writeSCIMError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
