-- Comment on a post: POST /api/v1/posts/{id}/comments with a clean text
-- (privacy check, notifications to the author and followers).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p, i)
  if not p.post then return {} end
  local path, l = "/api/v1/posts/" .. p.post .. "/comments", {}
  for v = 1, #replies do
    l[v] = post(p, path, json_body(replies[(i + v) % #replies + 1]))
  end
  return l
end
