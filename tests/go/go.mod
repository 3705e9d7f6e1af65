module xlift/gotest

go 1.19
