package web

// extraRoutes lists the endpoints of text and payment screening.
func (s *Server) extraRoutes() []extraRoute { return nil }
