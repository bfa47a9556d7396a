-- Mixed load, 80% reads and 20% writes: of every 20 requests a person
-- makes, 9 home feed first pages, 2 later pages, 2 group feeds, 2 posts
-- and 1 comment list, 1 new post, 1 comment and 2 reactions.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function requests(p, i)
  if not (p.group and p.post) then return {} end
  local feed = get(p, "/api/v1/feed")
  local later = { get(p, p.feed2 or "/api/v1/feed"), get(p, p.feed3 or p.feed2 or "/api/v1/feed") }
  local group = "/api/v1/groups/" .. p.group .. "/posts"
  local one = "/api/v1/posts/" .. p.post
  local reads = {
    feed, feed, feed, feed, feed, feed, feed, feed, feed,
    later[1], later[2], get(p, group), get(p, group),
    get(p, one), get(p, one), get(p, one .. "/comments"),
  }
  local writes = {
    post(p, group, json_body(texts[i % #texts + 1])),
    post(p, one .. "/comments", json_body(replies[i % #replies + 1])),
    put(p, one .. "/reactions/" .. kinds[i % #kinds + 1]),
    put(p, one .. "/reactions/" .. kinds[(i + 1) % #kinds + 1]),
  }
  -- A write after every four reads.
  local l = {}
  for k = 1, 4 do
    for r = 1, 4 do l[#l + 1] = reads[(k - 1) * 4 + r] end
    l[#l + 1] = writes[k]
  end
  return l
end
