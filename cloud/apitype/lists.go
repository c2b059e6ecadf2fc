package apitype

// Page is one page of a paged list, newest first. NextCursor, passed back as ?cursor=, fetches the next
// page; it is null on the last.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// List is a whole list in one answer.
type List[T any] struct {
	Items []T `json:"items"`
}
