# The consumption server as a small image: the web client built with Node.js,
# the server with the Go toolchain (embedding the client), run as a static
# binary on a distroless base as a non-root user.
FROM node:20 AS client
WORKDIR /src/client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY schema.graphqls /src/
COPY client/ ./
RUN npm run build

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=client /src/client/dist/app client/dist/app
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/server"]
