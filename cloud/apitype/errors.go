package apitype

// ErrorResponse is the body of every failed response: {"error":{"code","message","details"}}.
type ErrorResponse struct {
	Error Error `json:"error"`
}

// Error says what failed: Code is stable and meant for programs, Message for people, and Details (null
// when there are none) names the field or limit concerned.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details"`
}
