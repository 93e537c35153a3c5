package web

import "github.com/embargo/embargo/store"

// extraRoutes lists the endpoints of text and payment screening.
func (s *Server) extraRoutes() []extraRoute {
	scr := route{role: store.RoleScreen, data: true}
	return []extraRoute{
		{"POST /v1/text", scr, s.screenText},
		{"POST /v1/payments", scr, s.screenPayment},
	}
}
