package apptest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Timed requests path (GET) and returns the response, read whole, and how
// long that took; when limit passes first the request is abandoned and the
// error says so.
func (c *Client) Timed(path string, limit time.Duration) (Response, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.env.Server.URL+path, nil)
	if err != nil {
		return Response{}, 0, err
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return Response{}, time.Since(start), fmt.Errorf("GET %s: %w", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	took := time.Since(start)
	if err != nil {
		return Response{}, took, fmt.Errorf("GET %s: leer la respuesta: %w", path, err)
	}
	return Response{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}, took, nil
}
