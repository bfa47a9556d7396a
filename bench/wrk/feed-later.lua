-- Home feed, later pages: the 2nd and 3rd page (GET /api/v1/feed?cursor=),
-- by the cursors each person's feed gave.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p)
  local l = {}
  if p.feed2 then l[#l + 1] = get(p, p.feed2) end
  if p.feed3 then l[#l + 1] = get(p, p.feed3) end
  return l
end
