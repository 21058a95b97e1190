-- nvim_setup.lua - run by nvim-setup.sh inside headless Neovim, in WORK:
--
--   WORK/alpha/.perflint.yml   alpha/pkg/one.py   alpha/pkg/two.py
--   WORK/beta/.git/            beta/src/three.c
--   WORK/loose/four.py         (no marker above: its own directory)
--   WORK/notes.txt
--
-- Drives editors/nvim's require('perflint') against fake_lsp_server.py and
-- writes what happened as JSON: which buffers attached to which client,
-- each client's root, the diagnostics the fake server published, what
-- :PerflintRestart and :PerflintStop did, and the message for a missing
-- executable. Environment: PFL_NVIM_RTP, PFL_PYTHON, PFL_FAKE_SERVER,
-- PFL_RESULT. Errors are written as {"error": ...}; Neovim always quits.

local result = { steps = {} }
local timeout_ms = 15000

local function clients_of(bufnr)
	if vim.lsp.get_clients then
		return vim.lsp.get_clients({ bufnr = bufnr })
	end
	local out = {}
	for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
		table.insert(out, c)
	end
	return out
end

-- The id of the one client attached to BUFNR (nil if none; error if more).
local function client_of(bufnr)
	local list = clients_of(bufnr)
	if #list > 1 then
		error('buffer ' .. bufnr .. ' has ' .. #list .. ' clients')
	end
	return list[1] and list[1].id or nil
end

local function wait_diag(bufnr)
	return vim.wait(timeout_ms, function()
		return #vim.diagnostic.get(bufnr) > 0
	end, 20)
end

-- What a buffer looks like now: client id, the client's root, diagnostics.
local function state(bufnr)
	local id = client_of(bufnr)
	local client = id and vim.lsp.get_client_by_id(id)
	local diags = {}
	for _, d in ipairs(vim.diagnostic.get(bufnr)) do
		table.insert(diags, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message })
	end
	return {
		client_id = id or vim.NIL,
		root_dir = client and client.config.root_dir or vim.NIL,
		diagnostics = diags,
	}
end

local function open(path)
	vim.cmd('edit ' .. vim.fn.fnameescape(path))
	return vim.api.nvim_get_current_buf()
end

local function run()
	vim.opt.runtimepath:prepend(os.getenv('PFL_NVIM_RTP'))
	vim.cmd('filetype on')
	local notes = {}
	vim.notify = function(msg, level)
		table.insert(notes, { msg = msg, level = level })
	end

	-- A buffer opened before setup is attached by setup.
	local one = open('alpha/pkg/one.py')
	local perflint = require('perflint')
	perflint.setup({ cmd = { os.getenv('PFL_PYTHON'), os.getenv('PFL_FAKE_SERVER') } })
	wait_diag(one)
	result.one = state(one)
	table.insert(result.steps, 'one')

	local two = open('alpha/pkg/two.py')
	wait_diag(two)
	result.two = state(two)
	local three = open('beta/src/three.c')
	wait_diag(three)
	result.three = state(three)
	local four = open('loose/four.py')
	wait_diag(four)
	result.four = state(four)
	table.insert(result.steps, 'opened')

	-- Not attached: another filetype, and a python scratch buffer.
	local txt = open('notes.txt')
	vim.cmd('enew')
	local scratch = vim.api.nvim_get_current_buf()
	vim.bo[scratch].buftype = 'nofile'
	vim.bo[scratch].filetype = 'python'
	vim.wait(200)
	result.txt_clients = #clients_of(txt)
	result.scratch_clients = #clients_of(scratch)

	-- find_root on its own.
	result.find_root = {
		pkg = perflint.find_root(vim.fn.getcwd() .. '/alpha/pkg'),
		src = perflint.find_root(vim.fn.getcwd() .. '/beta/src'),
	}

	-- :PerflintRestart: new servers, every buffer attached again.
	local before = { one = result.one.client_id, three = result.three.client_id }
	vim.cmd('PerflintRestart')
	for _, b in ipairs({ one, two, three, four }) do
		vim.wait(timeout_ms, function()
			local id = client_of(b)
			return id ~= nil and id ~= before.one and id ~= before.three and #vim.diagnostic.get(b) > 0
		end, 20)
	end
	result.restarted = { one = state(one), two = state(two), three = state(three), four = state(four) }
	result.old_alive = {
		one = vim.lsp.get_client_by_id(before.one) ~= nil,
		three = vim.lsp.get_client_by_id(before.three) ~= nil,
	}
	table.insert(result.steps, 'restarted')

	-- :PerflintStop: no perflint client left.
	vim.cmd('PerflintStop')
	vim.wait(timeout_ms, function()
		for _, b in ipairs({ one, two, three, four }) do
			if #clients_of(b) > 0 then
				return false
			end
		end
		return true
	end, 20)
	result.after_stop = { one = #clients_of(one), three = #clients_of(three) }
	table.insert(result.steps, 'stopped')

	-- A command that does not exist: one clear message, no client.
	perflint.setup({ cmd = { '/nonexistent/perflint', 'lsp' } })
	local five = open('alpha/pkg/five.py')
	local six = open('alpha/pkg/six.py')
	vim.wait(200)
	result.missing = { clients = #clients_of(five) + #clients_of(six), notes = notes }
	table.insert(result.steps, 'missing')
end

local ok, err = pcall(run)
if not ok then
	result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv('PFL_RESULT'))
vim.cmd('qall!')
