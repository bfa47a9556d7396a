-- React to a post: PUT /api/v1/posts/{id}/reactions/{kind}, each person
-- going round the kinds so that every request changes their reaction.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p, i)
  if not p.post then return {} end
  local path, l = "/api/v1/posts/" .. p.post .. "/reactions/", {}
  for v = 1, #kinds do
    l[v] = put(p, path .. kinds[(i + v) % #kinds + 1])
  end
  return l
end
