// Package gen holds the Go packages generated from this repository's own
// contract. Regenerate them with go generate ./... (make generate).
package gen

//go:generate go run ../generator -contract ../asyncapi.yaml -out monitoring -package monitoring
