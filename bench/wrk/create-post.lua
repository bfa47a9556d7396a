-- Create a post: POST /api/v1/groups/{id}/posts with a clean text, through
-- the privacy guard's check and the notification fan-out to the group.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p, i)
  if not p.group then return {} end
  local path, l = "/api/v1/groups/" .. p.group .. "/posts", {}
  for v = 1, #texts do
    l[v] = post(p, path, json_body(texts[(i + v) % #texts + 1]))
  end
  return l
end
