package engine

// mergeFields returns the run's business fields once its trigger mapped
// vars: the mapped variables, over the fields the run was created with
// (a platform event's channel); a variable of the same name wins. have is
// not changed.
func mergeFields(have map[string]string, vars []byte) map[string]string {
	out := fields(vars)
	for k, v := range have {
		if _, ok := out[k]; !ok {
			out[k] = v
		}
	}
	return out
}
