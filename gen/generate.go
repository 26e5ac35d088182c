// Package gen holds the Go packages generated from this repository's own
// contract (monitoring) and from the generator's test schemas (fixtures/),
// whose hand-written tests prove the generated code's behaviour.
// Regenerate them with go generate ./... (make generate).
package gen

//go:generate go run ../generator -contract ../asyncapi.yaml -out monitoring -package monitoring
//go:generate go run ../generator -schema ../testdata/generator/optional-nullable/schema.json -out fixtures/optnull
//go:generate go run ../generator -schema ../testdata/generator/enum-const/schema.json -out fixtures/enumconst
//go:generate go run ../generator -schema ../testdata/generator/nested/schema.json -out fixtures/nested
//go:generate go run ../generator -schema ../testdata/generator/allof-ref/schema.json -out fixtures/allofref
//go:generate go run ../generator -schema ../testdata/generator/formats/schema.json -out fixtures/formats
//go:generate go run ../generator/internal/suitegen -suite ../../shared/testdata/JSON-Schema-Test-Suite -out suite
//go:generate go run ../generator -contract ../asyncapi.yaml -types-only -out fixtures/plainmonitoring
//go:generate go run ../generator -schema ../testdata/generator/oneof-union/schema.json -out fixtures/oneofunion
