// Package web is the platform's HTTP layer shared by every module: the router
// that records every route (so tests can walk them all), the page renderer on
// html/template with the common accessible layout, typed errors mapped to
// Spanish error pages, form-error handling, formatting helpers for es-ES, and
// middleware (security headers, request id, structured logs, recovery).
package web
