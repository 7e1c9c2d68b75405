// The reference for tests/cli/goyaml/expected.json: reads a JSON array of YAML documents on stdin and
// writes, for each, the JSON kubectl would send (sigs.k8s.io/yaml.YAMLToJSON) or "ERR". See generate.py.
package main

import (
	"encoding/json"
	"io/ioutil"
	"os"

	"sigs.k8s.io/yaml"
)

func main() {
	in, _ := ioutil.ReadAll(os.Stdin)
	var docs []string
	if err := json.Unmarshal(in, &docs); err != nil {
		panic(err)
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					out[i] = "PANIC"
				}
			}()
			j, err := yaml.YAMLToJSON([]byte(d))
			if err != nil {
				out[i] = "ERR"
			} else {
				out[i] = string(j)
			}
		}()
	}
	b, _ := json.Marshal(out)
	os.Stdout.Write(b)
}
