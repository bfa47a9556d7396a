-- The yardstick: nginx's 2 KB static JSON file, asked for by the same
-- client machinery (and the same Authorization header) as the scenarios.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p)
  return { get(p, "/static.json") }
end
