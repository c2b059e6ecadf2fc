package api

// featureRoutes lists the route groups that features add to the table after the core routes, one method
// each, kept in the file of its feature with its handlers (and its OpenAPI part under openapi/).
func (h *handler) featureRoutes() [][]route {
	return [][]route{
		h.workflowRoutes(),
		h.graphqlRoutes(),
		h.ssoRoutes(),
		h.scimRoutes(),
		h.auditAdminRoutes(),
		h.mfaRoutes(),
		h.invitationRoutes(),
	}
}
