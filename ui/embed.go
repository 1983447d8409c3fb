// Package ui holds the studio, hookflow's browser app. Its sources are a
// Vite project in this folder; `make ui` builds them into dist/, which is
// embedded in the binary. A fresh checkout has only a placeholder in dist/,
// so the binary compiles without Node; the server then keeps its plain
// index page.
package ui

import (
	"embed"
	"io/fs"
)

// AppFile is the built app's page. The build writes it next to the
// committed placeholder (dist/index.html) instead of over it, so that a
// build leaves the checkout clean.
const AppFile = "app.html"

//go:embed dist
var dist embed.FS

// Dist returns the files of dist/: the placeholder index.html and, once the
// app is built, AppFile and the hashed files under assets/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path, so this cannot happen
	}
	return sub
}

// Built reports whether the embedded dist/ holds a built app rather than
// only the placeholder.
func Built() bool {
	_, err := fs.Stat(Dist(), AppFile)
	return err == nil
}
