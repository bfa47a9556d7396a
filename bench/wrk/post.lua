-- A post with its comments, as its page loads them: GET /api/v1/posts/{id}
-- and GET /api/v1/posts/{id}/comments, one after the other.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p)
  if not p.post then return {} end
  local path = "/api/v1/posts/" .. p.post
  return { get(p, path), get(p, path .. "/comments") }
end
