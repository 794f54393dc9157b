package httpapi

import (
	"net/http"

	"github.com/rs/cors"
)

// withCORS lets pages of the listed origins call next from a browser, and no
// other page. Without origins it adds nothing: the web client is served from
// the API's own origin and needs no CORS.
//
// Credentials are never allowed: the API authenticates with a bearer token in
// the Authorization header, which a page sends by itself, not with cookies a
// browser would attach to a request another site makes.
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		// rs/cors would take an empty list to mean every origin.
		return next
	}
	return cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type", "X-Request-ID"},
		ExposedHeaders:   []string{"X-Request-ID", "WWW-Authenticate"},
		AllowCredentials: false,
		MaxAge:           600,
	}).Handler(next)
}
