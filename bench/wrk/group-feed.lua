-- Group feed, first page: GET /api/v1/groups/{id}/posts, a group the person
-- is an active member of.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p)
  if not p.group then return {} end
  return { get(p, "/api/v1/groups/" .. p.group .. "/posts") }
end
