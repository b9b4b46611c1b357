// Reads YAML files the way kubectl and Argo CD do (sigs.k8s.io/yaml over gopkg.in/yaml.v2, YAML 1.1 rules)
// and prints, per file, the JSON the cluster would see, or the error it would report.
//
// Usage: goyaml FILE...   Output: one JSON line per file: {"file": ..., "json": ...} or {"file": ..., "error": ...}.
// Built by test/goyaml.ts from Debian's packages (golang-go, golang-gopkg-yaml.v2-dev,
// golang-k8s-sigs-yaml-dev) with GO111MODULE=off, offline.
package main

import (
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"

	"sigs.k8s.io/yaml"
)

type result struct {
	File  string          `json:"file"`
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, file := range os.Args[1:] {
		r := result{File: file}
		data, err := ioutil.ReadFile(file)
		if err == nil {
			var converted []byte
			converted, err = yaml.YAMLToJSON(data)
			if err == nil {
				r.JSON = converted
			}
		}
		if err != nil {
			r.Error = err.Error()
		}
		if err := out.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
