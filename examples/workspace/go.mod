module github.com/hookcontract/hookcontract/examples/workspace

go 1.26

require (
	github.com/go-faster/jx v1.2.0
	github.com/hookcontract/hookcontract v0.0.0
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/go-faster/errors v0.7.1 // indirect
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1 // indirect
	github.com/segmentio/asm v1.2.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sys v0.26.0 // indirect
)

// In your own repository, require a released version instead.
replace github.com/hookcontract/hookcontract => ../..

tool github.com/hookcontract/hookcontract/generator
