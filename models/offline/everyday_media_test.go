package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayMedia are requests about audio and video, images, JSON and dates said the way people say
// them, without naming ffmpeg, ImageMagick or jq, with every answer accepted as right.
var everydayMedia = []struct {
	prompt string
	want   []string
}{
	{"extract the audio from clip.mkv", []string{"ffmpeg -i clip.mkv -vn clip.mp3"}},
	{"rip the audio track out of lecture.webm", []string{"ffmpeg -i lecture.webm -vn lecture.mp3"}},
	{"turn movie.mov into an mp4", []string{"ffmpeg -i movie.mov movie.mp4"}},
	{"convert song.wav to mp3", []string{"ffmpeg -i song.wav song.mp3"}},
	{"make a gif out of screen.mp4", []string{"ffmpeg -i screen.mp4 screen.gif"}},
	{"cut the first 30 seconds of talk.mp4 into intro.mp4", []string{"ffmpeg -i talk.mp4 -t 30 -c copy intro.mp4"}},
	{"keep only the first 2 minutes of meeting.mp4", []string{"ffmpeg -i meeting.mp4 -t 120 -c copy meeting-clip.mp4"}},
	{"remove the sound from video.mp4", []string{"ffmpeg -i video.mp4 -an -c:v copy video-silent.mp4"}},
	{"scale video.mp4 down to 720p", []string{"ffmpeg -i video.mp4 -vf scale=-2:720 video-scaled.mp4"}},
	{"take a screenshot of video.mp4 at 10 seconds", []string{"ffmpeg -ss 10 -i video.mp4 -frames:v 1 video.png"}},
	{"show info about song.flac", []string{"ffprobe song.flac"}},
	{"resize photo.jpg to 800 pixels wide", []string{"convert photo.jpg -resize 800 photo-resized.jpg"}},
	{"convert image.png to jpg", []string{"convert image.png image.jpg"}},
	{"change cover.webp to a png", []string{"convert cover.webp cover.png"}},
	{"make a thumbnail of picture.jpg at 200x200", []string{"convert picture.jpg -thumbnail 200x200 picture-thumb.jpg"}},
	{"rotate scan.png by 90 degrees", []string{"convert scan.png -rotate 90 scan-rotated.png"}},
	{"shrink photo.jpg to half its size", []string{"convert photo.jpg -resize 50% photo-resized.jpg"}},
	{"combine a.png and b.png side by side", []string{"convert a.png b.png +append a-combined.png"}},
	{"what are the dimensions of banner.png", []string{"identify banner.png"}},
	{"convert all png files to jpg", []string{"mogrify -format jpg *.png"}},
	{"pretty print data.json", []string{"jq . data.json"}},
	{"get the name field from users.json", []string{"jq .name users.json"}},
	{"print the version from package.json", []string{"jq .version package.json"}},
	{"get the id of every item in items.json", []string{"jq '.[].id' items.json"}},
	{"list the keys in config.json", []string{"jq keys config.json"}},
	{"how many items are in list.json", []string{"jq length list.json"}},
	{"minify data.json", []string{"jq -c . data.json"}},
	{"check that data.json is valid json", []string{"jq empty data.json"}},
	{"show the date 3 days ago", []string{"date -d '3 days ago'"}},
	{"what will the date be in 3 weeks", []string{"date -d '3 weeks'"}},
	{"print tomorrow's date", []string{"date -d tomorrow"}},
	{"print the date next friday", []string{"date -d 'next friday'"}},
	{"print the current time in UTC", []string{"date -u"}},
	{"print today's date as YYYY-MM-DD", []string{"date +%F", "date +%Y-%m-%d"}},
	{"print the date in ISO 8601 format in UTC", []string{"date -u +%Y-%m-%dT%H:%M:%SZ"}},
	{"what day of the week is it", []string{"date +%A"}},
	{"show the time in tokyo", []string{"TZ=Asia/Tokyo date"}},
	{"what time is it in new york", []string{"TZ=America/New_York date"}},
	{"convert every wav file here to mp3", []string{`for f in *.wav; do ffmpeg -i "$f" "${f%.*}.mp3"; done`}},
	{"resize all jpg images to 50%", []string{"mogrify -resize 50% *.jpg"}},
	{"get the last element of list.json", []string{"jq '.[-1]' list.json"}},
	{"print the first item of items.json", []string{"jq '.[0]' items.json"}},
	{"convert data.json to csv", []string{"jq -r '.[] | [.[]] | @csv' data.json"}},
	{"pritty print data.json", []string{"jq . data.json"}},
}

// A JSON, media or date slot the request does not fill is never shown as a placeholder: the answer is
// not offered ("jq JQPATH data.json").
func TestUnfilledMediaSlotsAreNotOffered(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{"show all users in users.json with their emails", "print from data.json", "list docker images to resize"} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err == nil && (strings.Contains(r.Command, "JQPATH") || strings.Contains(r.Command, "MEDIA") || strings.Contains(r.Command, "IMAGE")) {
			t.Errorf("%q = %q: a placeholder offered", prompt, r.Command)
		}
	}
}

func TestEverydayMedia(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayMedia {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

// On macOS a relative date is BSD date's -v adjustment.
func TestRelativeDatesOnDarwin(t *testing.T) {
	e := testEngine(t)
	for prompt, want := range map[string]string{
		"show the date 3 days ago":         "date -v-3d",
		"what will the date be in 2 weeks": "date -v+2w",
		"print tomorrow's date":            "date -v+1d",
		"print the date next friday":       "date -v+fri",
	} {
		t.Run(prompt, func(t *testing.T) { everydayGenerate(t, e, prompt, "darwin", []string{want}) })
	}
}

// A relative date is a file's age, not a date to print, when the request is about files.
func TestRelativeDateIsFindsWhenFilesAreAsked(t *testing.T) {
	e := testEngine(t)
	r, err := e.Generate(context.Background(), models.Request{Prompt: "find files modified 3 days ago", OS: "linux", Shell: "bash"}, nil)
	if err != nil || !strings.HasPrefix(r.Command, "find ") {
		t.Fatalf("find files modified 3 days ago = %q, %v", r.Command, err)
	}
}

// Typos are read as the word the catalogue knows: "biger" is bigger, not the program biber, and
// "cound" count, not found.
func TestTyposPreferTheCataloguesWords(t *testing.T) {
	e := testEngine(t)
	for prompt, want := range map[string]string{
		"find files biger than 100MB": "find . -size +100M",
		"cound the lines in data.csv": "wc -l data.csv",
		"lsit all files":              "ls",
	} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err != nil || r.Command != want || !strings.Contains(r.Explanation, "read '") {
			t.Errorf("%q = %q (%q), %v; want %q with the correction shown", prompt, r.Command, r.Explanation, err, want)
		}
	}
}

// A tldr example that removes something never answers a request that does not ask to, and one whose
// fixed text names a port or address never answers a request that names none.
func TestTLDRKeepsToWhatWasAsked(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{"list the kubernetes nodes", "show kubernetes nodes", "list listening sockets with ss"} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err != nil {
			continue // not knowing is allowed; answering wrongly is not
		}
		if removesSomething(r.Command) || exampleAddress(r.Command) != "" {
			t.Errorf("%q = %q", prompt, r.Command)
		}
	}
	for literal, want := range map[string]bool{"kubectl delete nodes --all": true, "docker container prune": true, "kubectl get nodes": false, "ss -t": false} {
		if removesSomething(literal) != want {
			t.Errorf("removesSomething(%q) = %v", literal, !want)
		}
	}
	for literal, want := range map[string]string{"ss -lt src :8080": "8080", "ss -4t src 192.168/16": "192.168/16", "ss -tulpn": ""} {
		if got := exampleAddress(literal); got != want {
			t.Errorf("exampleAddress(%q) = %q, want %q", literal, got, want)
		}
	}
}
