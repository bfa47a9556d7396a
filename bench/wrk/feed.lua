-- Home feed, first page: GET /api/v1/feed.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p)
  return { get(p, "/api/v1/feed") }
end
