// Command workspace is an example consumer of the Workspace webhooks: it
// generates typed Go from the contract in this directory and serves a
// receiver that prints every delivery.
package main

//go:generate go run github.com/hookcontract/hookcontract/generator -contract asyncapi.yaml -out webhooks -package webhooks
