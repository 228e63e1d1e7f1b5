-- Wireshark dissectors for the project's two protocols, inside WebSocket binary messages:
--   trdp: the thin remote-display protocol (remote-display-protocol/PROTOCOL.md), on /display
--   trsp: the rich client's sync protocol (calendar-sync-protocol/PROTOCOL.md), on /sync
-- Load:  wireshark -X lua_script:docs/wireshark/thinrich.lua FILE.pcapng
--        tshark    -X lua_script:docs/wireshark/thinrich.lua -r FILE.pcapng -Y trdp -V
-- or copy this file into Wireshark's personal plugins folder (Help > About > Folders).
-- Filters: trdp.message == "FramebufferUpdate", trdp.rect.encoding == 4, trsp.message == "ChangesPage".
-- Field names follow the names of the PROTOCOL.md test vectors (lower case); PacketCaptureTest
-- dissects every vector of both files with tshark and checks each named field against the vector.

-- Which protocol each TCP stream speaks, learnt from its first message (the client speaks first:
-- ClientHello starts 01 "TRDP", Hello starts 00 10).
local tcp_stream = Field.new("tcp.stream")
local kind_of_stream = {}

------------------------------------------------------------------------------------------------
-- TRDP
------------------------------------------------------------------------------------------------
local trdp = Proto("trdp", "Thin remote-display protocol")
local trdp_names = {
    [0x01] = "ClientHello", [0x02] = "UpdateAck", [0x03] = "PointerInput", [0x04] = "WheelInput", [0x05] = "KeyInput",
    [0x06] = "TextInput", [0x07] = "Ping", [0x08] = "Close", [0x09] = "ResizeRequest", [0x0A] = "Pong",
    [0x81] = "ServerInit", [0x82] = "FramebufferUpdate", [0x83] = "CursorShape", [0x84] = "DesktopSize",
    [0x86] = "Ping", [0x87] = "Pong", [0x88] = "Close",
}
local encodings = { [0] = "raw", [1] = "copy-rect", [2] = "solid", [3] = "zflat", [4] = "zstd", [5] = "jpeg" }
local cursors = { [0] = "default", [1] = "hand", [2] = "text", [3] = "move", [4] = "resize vertical",
    [5] = "resize horizontal", [6] = "crosshair", [7] = "wait" }

local tf = trdp.fields
tf.message = ProtoField.string("trdp.message", "Message")
tf.type = ProtoField.uint8("trdp.type", "Type", base.HEX, trdp_names)
tf.magic = ProtoField.string("trdp.magic", "Magic")
tf.version = ProtoField.uint16("trdp.version", "Version")
tf.max = ProtoField.uint32("trdp.maxmessagebytes", "Largest message accepted (bytes)")
tf.encoding = ProtoField.uint8("trdp.encoding", "Encoding offered", base.DEC, encodings)
tf.token = ProtoField.string("trdp.token", "Bearer token")
tf.resume = ProtoField.string("trdp.resumesession", "Session to resume")
tf.width = ProtoField.uint16("trdp.width", "Width")
tf.height = ProtoField.uint16("trdp.height", "Height")
tf.frame = ProtoField.uint32("trdp.frame", "Frame number")
tf.window = ProtoField.uint32("trdp.windowbytes", "Window (bytes)")
tf.input = ProtoField.uint32("trdp.input", "Input number")
tf.x = ProtoField.uint16("trdp.x", "x")
tf.y = ProtoField.uint16("trdp.y", "y")
tf.buttons = ProtoField.uint8("trdp.buttons", "Buttons", base.HEX)
tf.modifiers = ProtoField.uint8("trdp.modifiers", "Modifiers", base.HEX)
tf.dx = ProtoField.int16("trdp.deltax", "Delta x (notches)")
tf.dy = ProtoField.int16("trdp.deltay", "Delta y (notches)")
tf.pressed = ProtoField.uint8("trdp.pressed", "Pressed")
tf.keycode = ProtoField.uint16("trdp.keycode", "Virtual key code")
tf.text = ProtoField.string("trdp.text", "Text")
tf.payload = ProtoField.uint64("trdp.payload", "Ping payload")
tf.code = ProtoField.uint16("trdp.code", "Close code")
tf.reason = ProtoField.string("trdp.reason", "Reason")
tf.session = ProtoField.string("trdp.sessionid", "Session id")
tf.resumed = ProtoField.uint8("trdp.resumed", "Resumed")
tf.reflected = ProtoField.uint32("trdp.inputreflected", "Input reflected")
tf.rects = ProtoField.uint16("trdp.rects", "Rectangles")
tf.rect = ProtoField.none("trdp.rect", "Rectangle")
tf.rx = ProtoField.uint16("trdp.rect.x", "x")
tf.ry = ProtoField.uint16("trdp.rect.y", "y")
tf.rw = ProtoField.uint16("trdp.rect.width", "Width")
tf.rh = ProtoField.uint16("trdp.rect.height", "Height")
tf.renc = ProtoField.uint8("trdp.rect.encoding", "Encoding", base.DEC, encodings)
tf.rlen = ProtoField.uint32("trdp.rect.length", "Payload length")
tf.rdata = ProtoField.bytes("trdp.rect.payload", "Payload")
tf.shape = ProtoField.uint8("trdp.shape", "Cursor", base.DEC, cursors)

local trdp_malformed = ProtoExpert.new("trdp.malformed", "Malformed TRDP message", expert.group.MALFORMED, expert.severity.ERROR)
trdp.experts = { trdp_malformed }

-- u16 length then UTF-8; returns the new offset
local function trdp_string(tvb, tree, field, at)
    local n = tvb(at, 2):uint()
    if n == 0 then
        tree:add(field, tvb(at, 2), "")
    else
        tree:add(field, tvb(at + 2, n), tvb(at + 2, n):string(ENC_UTF_8))
    end
    return at + 2 + n
end

local function dissect_trdp(tvb, pinfo, root)
    pinfo.cols.protocol = "TRDP"
    local tree = root:add(trdp, tvb())
    local t = tvb(0, 1):uint()
    local name = trdp_names[t] or string.format("unknown 0x%02x", t)
    tree:add(tf.message, tvb(0, 1), name)
    tree:add(tf.type, tvb(0, 1))
    tree:append_text(": " .. name)
    local at = 1
    local ok, err = pcall(function()
        if t == 0x01 then
            tree:add(tf.magic, tvb(1, 4))
            tree:add(tf.version, tvb(5, 2))
            tree:add(tf.max, tvb(7, 4))
            local n = tvb(11, 1):uint()
            at = 12
            for i = 1, n do
                tree:add(tf.encoding, tvb(at, 1)); at = at + 1
            end
            at = trdp_string(tvb, tree, tf.token, at)
            at = trdp_string(tvb, tree, tf.resume, at)
            tree:add(tf.width, tvb(at, 2)); tree:add(tf.height, tvb(at + 2, 2))
        elseif t == 0x02 then
            tree:add(tf.frame, tvb(1, 4)); tree:add(tf.window, tvb(5, 4))
        elseif t == 0x03 then
            tree:add(tf.input, tvb(1, 4)); tree:add(tf.x, tvb(5, 2)); tree:add(tf.y, tvb(7, 2))
            tree:add(tf.buttons, tvb(9, 1)); tree:add(tf.modifiers, tvb(10, 1))
        elseif t == 0x04 then
            tree:add(tf.input, tvb(1, 4)); tree:add(tf.x, tvb(5, 2)); tree:add(tf.y, tvb(7, 2))
            tree:add(tf.dx, tvb(9, 2)); tree:add(tf.dy, tvb(11, 2)); tree:add(tf.modifiers, tvb(13, 1))
        elseif t == 0x05 then
            tree:add(tf.input, tvb(1, 4)); tree:add(tf.pressed, tvb(5, 1)); tree:add(tf.keycode, tvb(6, 2))
            tree:add(tf.modifiers, tvb(8, 1))
        elseif t == 0x06 then
            tree:add(tf.input, tvb(1, 4)); trdp_string(tvb, tree, tf.text, 5)
        elseif t == 0x07 or t == 0x0A or t == 0x86 or t == 0x87 then
            tree:add(tf.payload, tvb(1, 8))
        elseif t == 0x08 or t == 0x88 then
            tree:add(tf.code, tvb(1, 2)); trdp_string(tvb, tree, tf.reason, 3)
        elseif t == 0x09 or t == 0x84 then
            tree:add(tf.width, tvb(1, 2)); tree:add(tf.height, tvb(3, 2))
        elseif t == 0x81 then
            tree:add(tf.version, tvb(1, 2)); tree:add(tf.width, tvb(3, 2)); tree:add(tf.height, tvb(5, 2))
            at = trdp_string(tvb, tree, tf.session, 7)
            tree:add(tf.max, tvb(at, 4)); tree:add(tf.resumed, tvb(at + 4, 1))
        elseif t == 0x82 then
            tree:add(tf.frame, tvb(1, 4)); tree:add(tf.reflected, tvb(5, 4))
            local r = tvb(9, 2):uint()
            tree:add(tf.rects, tvb(9, 2))
            at = 11
            local bytes = 0
            for i = 1, r do
                local length = tvb(at + 9, 4):uint()
                local rect = tree:add(tf.rect, tvb(at, 13 + length))
                local enc = tvb(at + 8, 1):uint()
                rect:set_text(string.format("Rectangle %d: %dx%d at (%d,%d), %s, %d bytes", i, tvb(at + 4, 2):uint(),
                    tvb(at + 6, 2):uint(), tvb(at, 2):uint(), tvb(at + 2, 2):uint(), encodings[enc] or tostring(enc), length))
                rect:add(tf.rx, tvb(at, 2)); rect:add(tf.ry, tvb(at + 2, 2))
                rect:add(tf.rw, tvb(at + 4, 2)); rect:add(tf.rh, tvb(at + 6, 2))
                rect:add(tf.renc, tvb(at + 8, 1)); rect:add(tf.rlen, tvb(at + 9, 4))
                if length > 0 then rect:add(tf.rdata, tvb(at + 13, length)) end
                at = at + 13 + length
                bytes = bytes + length
            end
            name = string.format("%s #%d, %d rects, %d bytes", name, tvb(1, 4):uint(), r, bytes)
        elseif t == 0x83 then
            tree:add(tf.shape, tvb(1, 1))
        end
    end)
    if not ok then tree:add_proto_expert_info(trdp_malformed, tostring(err)) end
    pinfo.cols.info:append(" " .. name)
end

------------------------------------------------------------------------------------------------
-- TRSP
------------------------------------------------------------------------------------------------
local trsp = Proto("trsp", "Thin-rich sync protocol")
local trsp_names = {
    [0x10] = "Hello", [0x11] = "PullChanges", [0x12] = "PushOperations", [0x13] = "Ping",
    [0x20] = "Welcome", [0x21] = "ChangesPage", [0x22] = "OperationResults", [0x24] = "Pong",
    [0x30] = "CreateEvent", [0x31] = "ChangeEvent", [0x32] = "DeleteEvent",
    [0x33] = "AddCalendar", [0x34] = "ChangeCalendar", [0x35] = "DeleteCalendar",
    [0x38] = "Applied", [0x39] = "Conflict", [0x3A] = "Rejected",
}
local colours = { [0] = "green", [1] = "blue", [2] = "yellow", [3] = "red", [4] = "purple", [5] = "orange", [6] = "brown" }

local sf = trsp.fields
sf.message = ProtoField.string("trsp.message", "Message")
sf.flags = ProtoField.uint8("trsp.flags", "Envelope", base.HEX, { [0] = "plain", [1] = "deflated" })
sf.inflated = ProtoField.uint32("trsp.inflatedlength", "Inflated length")
sf.tag = ProtoField.uint8("trsp.tag", "Tag", base.HEX, trsp_names)
sf.version = ProtoField.uint32("trsp.protocolversion", "Protocol version")
sf.token = ProtoField.string("trsp.bearertoken", "Bearer token")
sf.client = ProtoField.string("trsp.clientid", "Client id")
sf.store = ProtoField.uint64("trsp.storeid", "Store id", base.HEX)
sf.tversion = ProtoField.uint64("trsp.tokenversion", "Token version")
sf.user = ProtoField.string("trsp.user", "User")
sf.calendar = ProtoField.string("trsp.calendar", "Calendar")
sf.resync = ProtoField.uint8("trsp.resyncrequired", "Resync required")
sf.maxevents = ProtoField.uint32("trsp.maxevents", "Most events")
sf.hasmore = ProtoField.uint8("trsp.hasmore", "Has more")
sf.events = ProtoField.uint32("trsp.events", "Events")
sf.event = ProtoField.string("trsp.event", "Event")
sf.eventid = ProtoField.string("trsp.eventid", "Event id")
sf.title = ProtoField.string("trsp.title", "Title")
sf.evversion = ProtoField.uint64("trsp.eventversion", "Event version")
sf.op = ProtoField.string("trsp.operation", "Operation")
sf.opseq = ProtoField.uint32("trsp.opseq", "Operation number")
sf.baseversion = ProtoField.uint64("trsp.baseversion", "Base version")
sf.newversion = ProtoField.uint64("trsp.newversion", "New version")
sf.reason = ProtoField.string("trsp.reason", "Reason")
sf.seq = ProtoField.uint64("trsp.seq", "Ping number")
sf.since = ProtoField.uint64("trsp.since", "Since version")
sf.next = ProtoField.uint64("trsp.next", "Next version")
sf.upto = ProtoField.uint64("trsp.upto", "In step up to")
sf.zone = ProtoField.string("trsp.zone", "Zone")
sf.entry = ProtoField.string("trsp.entry", "Entry")

local trsp_malformed = ProtoExpert.new("trsp.malformed", "Malformed TRSP message", expert.group.MALFORMED, expert.severity.ERROR)
trsp.experts = { trsp_malformed }

-- A reader over one body: Kryo's varints, strings, ids, events.
local function reader(tvb)
    local r = { tvb = tvb, at = 0 }
    function r.varint()
        local value, shift, start = UInt64(0), 0, r.at
        for i = 1, 9 do
            local b = tvb(r.at, 1):uint(); r.at = r.at + 1
            if i == 9 then value = value + UInt64(b):lshift(shift); break end
            value = value + UInt64(bit32.band(b, 0x7f)):lshift(shift)
            if bit32.band(b, 0x80) == 0 then break end
            shift = shift + 7
        end
        return value, tvb(start, r.at - start)
    end
    function r.small()
        local v, range = r.varint()
        return v:tonumber(), range
    end
    function r.string()
        local start = r.at
        local n = r.small()
        local s = n > 0 and tvb(r.at, n):string(ENC_UTF_8) or ""
        r.at = r.at + n
        return s, tvb(start, r.at - start)
    end
    function r.u8()
        local v = tvb(r.at, 1); r.at = r.at + 1
        return v:uint(), v
    end
    function r.fixed64()
        local v = tvb(r.at, 8); r.at = r.at + 8
        return v
    end
    function r.uuid()
        local start = r.at
        local hex = tostring(tvb(r.at, 16):bytes()):lower(); r.at = r.at + 16
        return hex:sub(1, 8) .. "-" .. hex:sub(9, 12) .. "-" .. hex:sub(13, 16) .. "-" .. hex:sub(17, 20) .. "-" .. hex:sub(21, 32), tvb(start, 16)
    end
    function r.id()
        local start = r.at
        local n = r.small()
        if n == 0 then
            local u = r.uuid()
            return u, tvb(start, r.at - start)
        end
        local s = tvb(r.at, n - 1):string(ENC_UTF_8)
        r.at = r.at + n - 1
        return s, tvb(start, r.at - start)
    end
    return r
end

local function add_token(r, tree)
    tree:add(sf.store, r.fixed64())
    local v, range = r.varint()
    tree:add(sf.tversion, range, v)
end

local function add_event(r, tree, label)
    local start = r.at
    local item = tree:add(sf.event, r.tvb(r.at, 1), "")
    local id, idr = r.id(); item:add(sf.eventid, idr, id)
    local cal, calr = r.string(); item:add(sf.calendar, calr, cal)
    local title, tr = r.string(); item:add(sf.title, tr, title)
    r.string(); r.string() -- location, notes
    r.varint(); r.varint() -- start (zigzag), duration
    r.string() -- zone
    local flags = r.u8()
    if bit32.band(flags, 4) ~= 0 then r.string() end
    local v, vr = r.varint(); item:add(sf.evversion, vr, v)
    r.varint() -- last modified
    item:set_len(r.at - start)
    local deleted = bit32.band(flags, 2) ~= 0
    item:set_text(string.format("%s%s: %s (v%s)", label or "Event", deleted and " (deleted)" or "", title, tostring(v)))
end

local function add_changes(r, tree)
    local mask = r.u8()
    if bit32.band(mask, 1) ~= 0 then r.string() end
    if bit32.band(mask, 2) ~= 0 then local t, tr = r.string(); tree:add(sf.title, tr, t) end
    if bit32.band(mask, 4) ~= 0 then r.string() end
    if bit32.band(mask, 8) ~= 0 then r.string() end
    if bit32.band(mask, 16) ~= 0 then
        r.varint(); r.varint(); r.u8()
        local n = r.small()
        if n > 0 then r.at = r.at + n - 1 end
    end
    if bit32.band(mask, 32) ~= 0 then r.string() end
end

-- A changes page's entries, written column by column (PROTOCOL.md 4.3): one subtree per entry,
-- on its mask byte, naming its id, version and the parts it carries; its title under it.
local part_names = { [1] = "calendar", [2] = "title", [4] = "location", [8] = "notes", [16] = "times", [32] = "recurrence", [64] = "no recurrence" }
local function add_page_columns(r, body, tree, n, since)
    local masks, items, version = {}, {}, since
    for i = 1, n do
        local m, mr = r.u8()
        masks[i] = m
        items[i] = tree:add(sf.entry, mr, "")
    end
    local ids = {}
    for i = 1, n do
        local id, idr = r.id(); ids[i] = id
        items[i]:add(sf.eventid, idr, id)
    end
    local versions = {}
    for i = 1, n do
        local step, vr = r.varint()
        version = version + step
        versions[i] = version
        items[i]:add(sf.evversion, vr, version)
    end
    for i = 1, n do r.varint() end -- modification times, zigzag steps
    local function column(bit, each)
        for i = 1, n do
            if masks[i] ~= 0x80 and bit32.band(masks[i], bit) ~= 0 then each(i) end
        end
    end
    column(1, function(i) r.string() end)
    column(2, function(i) local t, tr = r.string(); items[i]:add(sf.title, tr, t) end)
    column(4, function(i) r.string() end)
    column(8, function(i) r.string() end)
    column(16, function(i) r.varint(); r.varint(); r.u8(); r.string() end)
    column(32, function(i) r.string() end)
    for i = 1, n do
        local parts = {}
        if masks[i] == 0x80 then
            parts = { "removed" }
        else
            for _, b in ipairs({ 1, 2, 4, 8, 16, 32, 64 }) do
                if bit32.band(masks[i], b) ~= 0 then parts[#parts + 1] = part_names[b] end
            end
        end
        items[i]:set_text(string.format("Entry: %s (v%s): %s", ids[i], tostring(versions[i]), table.concat(parts, ", ")))
    end
end

-- A tagged operation or result and its op-seq, which both start with: the tag, and its subtree.
local function numbered(r, body, tree)
    local tag = r.small()
    local item = tree:add(sf.op, body(r.at - 1, 1), trsp_names[tag] or tostring(tag))
    local s, sr = r.small(); item:add(sf.opseq, sr, s)
    return tag, item
end

local function dissect_body(body, tree)
    local r = reader(body)
    local tag, tagr = r.small()
    local name = trsp_names[tag] or string.format("unknown 0x%02x", tag)
    tree:add(sf.message, tagr, name)
    tree:add(sf.tag, tagr, tag)
    tree:append_text(": " .. name)
    if tag == 0x10 then
        local v, vr = r.small(); tree:add(sf.version, vr, v)
        local t, tr = r.string(); tree:add(sf.token, tr, t)
        local c, cr = r.uuid(); tree:add(sf.client, cr, c)
        if r.u8() == 1 then add_token(r, tree) end
    elseif tag == 0x11 then
        local v, vr = r.varint(); tree:add(sf.since, vr, v)
        local m, mr = r.small(); tree:add(sf.maxevents, mr, m)
    elseif tag == 0x12 then
        local n = r.small()
        for i = 1, n do
            local op, item = numbered(r, body, tree)
            if op == 0x30 then
                add_event(r, item, "Event")
            elseif op == 0x33 or op == 0x34 then
                local start = r.at
                local id = r.id(); local cname = r.string(); local colour = r.u8()
                item:add(sf.calendar, body(start, r.at - start), string.format("%s (%s, %s)", id, cname, colours[colour] or "?"))
            elseif op == 0x35 then
                local start = r.at
                local id = r.id()
                item:add(sf.calendar, body(start, r.at - start), id)
            else
                local id, idr = r.id(); item:add(sf.eventid, idr, id)
                local b, br = r.varint(); item:add(sf.baseversion, br, b)
                if op == 0x31 then add_changes(r, item) end
            end
        end
        name = string.format("%s (%d)", name, n)
    elseif tag == 0x13 or tag == 0x24 then
        local v, vr = r.varint(); tree:add(sf.seq, vr, v)
    elseif tag == 0x20 then
        local v, vr = r.small(); tree:add(sf.version, vr, v)
        local u, ur = r.string(); tree:add(sf.user, ur, u)
        local z, zr = r.string(); tree:add(sf.zone, zr, z)
        local n = r.small()
        for i = 1, n do
            local start = r.at
            local id = r.string(); r.string()
            local cname = r.string()
            local colour = r.u8()
            tree:add(sf.calendar, body(start, r.at - start), string.format("%s (%s, %s)", id, cname, colours[colour] or "?"))
        end
        add_token(r, tree)
        local rs, rsr = r.u8(); tree:add(sf.resync, rsr, rs)
    elseif tag == 0x21 then
        local since, sr = r.varint(); tree:add(sf.since, sr, since)
        local nx, nxr = r.varint(); tree:add(sf.next, nxr, nx)
        local m, mr = r.u8(); tree:add(sf.hasmore, mr, bit32.band(m, 1))
        local n, nr = r.small(); tree:add(sf.events, nr, n)
        name = string.format("%s (%d events)", name, n)
        add_page_columns(r, body, tree, n, since)
        if bit32.band(m, 2) ~= 0 then -- version 3: the calendars changed
            local k = r.small()
            for i = 1, k do
                local start = r.at
                local id = r.id()
                local step = r.varint()
                local colour = r.u8()
                local text
                if colour == 0x80 then
                    text = string.format("%s (v%s): removed", id, tostring(since + step))
                else
                    text = string.format("%s (v%s): %s, %s", id, tostring(since + step), r.string(), colours[colour] or "?")
                end
                tree:add(sf.calendar, body(start, r.at - start), text)
            end
            name = string.format("%s (%d events, %d calendars)", string.gsub(name, " %(%d+ events%)", ""), n, k)
        end
    elseif tag == 0x22 then
        local n = r.small()
        for i = 1, n do
            local res, item = numbered(r, body, tree)
            if res == 0x38 then
                local v, vr = r.varint(); item:add(sf.newversion, vr, v)
                r.varint() -- modification time
            elseif res == 0x39 then
                add_event(r, item, "Server's copy")
            else
                local why, wr = r.string(); item:add(sf.reason, wr, why)
                if r.u8() == 1 then add_event(r, item, "Server's copy") end
            end
        end
        local u, ur = r.varint(); tree:add(sf.upto, ur, u)
        name = string.format("%s (%d)", name, n)
    end
    return name
end

local function dissect_trsp(tvb, pinfo, root)
    pinfo.cols.protocol = "TRSP"
    local tree = root:add(trsp, tvb())
    local flags = tvb(0, 1):uint()
    tree:add(sf.flags, tvb(0, 1))
    local name
    local ok, err = pcall(function()
        if flags == 1 then
            local r = reader(tvb)
            r.at = 1
            local n, nr = r.small()
            tree:add(sf.inflated, nr, n)
            local inflated = tvb(r.at):uncompress("Inflated body")
            if inflated == nil then error("the deflated body does not inflate") end
            name = dissect_body(inflated, tree) .. " (deflated)"
        else
            name = dissect_body(tvb(1):tvb(), tree)
        end
    end)
    if not ok then tree:add_proto_expert_info(trsp_malformed, tostring(err)) end
    pinfo.cols.info:append(" " .. (name or "TRSP"))
end

------------------------------------------------------------------------------------------------
-- Inside WebSocket: which of the two a stream speaks
------------------------------------------------------------------------------------------------
local function heuristic(tvb, pinfo, tree)
    if tvb:len() < 2 then return false end
    local stream = tcp_stream()
    local key = stream and stream.value
    local kind = key and kind_of_stream[key]
    if not kind then
        if tvb:len() >= 5 and tvb(0, 1):uint() == 0x01 and tvb(1, 4):uint() == 0x54524450 then
            kind = "trdp"
        elseif tvb(0, 1):uint() == 0x00 and tvb(1, 1):uint() == 0x10 then
            kind = "trsp"
        else
            return false
        end
        if key then kind_of_stream[key] = kind end
    end
    if kind == "trdp" then dissect_trdp(tvb, pinfo, tree) else dissect_trsp(tvb, pinfo, tree) end
    return true
end

function trdp.init()
    kind_of_stream = {}
end

trdp:register_heuristic("ws", heuristic)
