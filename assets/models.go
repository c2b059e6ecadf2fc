package assets

import _ "embed"

// ModelCatalogue lists the recommended GGUF models that `cmdai model pull` knows by name, with their
// download URLs, sizes and sha256 digests.
//
//go:embed models/catalogue.toml
var ModelCatalogue string
