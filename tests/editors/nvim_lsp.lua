-- nvim_lsp.lua - run by nvim-lsp.sh inside headless Neovim:
--
--   cd PROJECT/app && nvim --headless --clean -u NONE -c 'luafile nvim_lsp.lua'
--
-- Sets up editors/nvim's require('perflint') with the perflint under test,
-- opens the fixtures (report.py, then join_names.c) so that the FileType
-- autocommand attaches them to `perflint lsp`, waits for the diagnostics the
-- server publishes, reads them back with vim.diagnostic.get, asks for code
-- actions on a finding and applies the suppression, edits a buffer and
-- waits for the diagnostics to follow, then stops the server and writes
-- everything as JSON.
--
-- Environment: PFL_NVIM_RTP (editors/nvim), PERFLINT (the binary),
-- PFL_RESULT (the JSON file), PFL_LSP_TIMEOUT (seconds to wait for each
-- step, default 20). An error is written as {"error": ...} with what was
-- gathered so far; Neovim always quits.

local result = { steps = {} }
local timeout_ms = (tonumber(os.getenv('PFL_LSP_TIMEOUT')) or 20) * 1000

local function step(name)
	table.insert(result.steps, name)
end

-- A diagnostic as plain data; code from the top level (0.7+) or user_data.
local function plain(d)
	local code = d.code
	if code == nil and d.user_data and d.user_data.lsp then
		code = d.user_data.lsp.code
	end
	return {
		lnum = d.lnum,
		col = d.col,
		end_lnum = d.end_lnum,
		end_col = d.end_col,
		severity = d.severity,
		message = d.message,
		source = d.source or vim.NIL,
		code = code or vim.NIL,
	}
end

local function diagnostics(bufnr)
	local out = {}
	local list = vim.diagnostic.get(bufnr)
	table.sort(list, function(a, b)
		if a.lnum ~= b.lnum then
			return a.lnum < b.lnum
		end
		return a.col < b.col
	end)
	for _, d in ipairs(list) do
		table.insert(out, plain(d))
	end
	return out
end

-- The clients attached to BUFNR (vim.lsp.get_clients from 0.10).
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

-- The LSP diagnostics of line LNUM (0-based), as a code action request
-- carries them.
local function lsp_line_diagnostics(bufnr, lnum)
	if vim.lsp.diagnostic.get_line_diagnostics then
		return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
	end
	local out = {}
	for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
		if d.user_data and d.user_data.lsp then
			table.insert(out, d.user_data.lsp)
		end
	end
	return out
end

-- Wait until PRED holds (or the time is up); returns whether it held.
local function wait_for(pred)
	return vim.wait(timeout_ms, pred, 50)
end

-- Open FILE and wait for its first diagnostics; returns the buffer.
local function open_and_wait(file, key)
	vim.cmd('edit ' .. vim.fn.fnameescape(file))
	local bufnr = vim.api.nvim_get_current_buf()
	result[key] = { filetype = vim.bo[bufnr].filetype }
	step('opened ' .. file)
	local attached = wait_for(function()
		return #clients_of(bufnr) > 0
	end)
	result[key].attached = attached
	if not attached then
		error('the client never attached to ' .. file)
	end
	for _, c in ipairs(clients_of(bufnr)) do
		result[key].client_id = c.id
	end
	step('attached ' .. file)
	result[key].got_diagnostics = wait_for(function()
		return #vim.diagnostic.get(bufnr) > 0
	end)
	-- A server may publish more than once (e.g. an empty list first): let
	-- the list settle before reading it.
	vim.wait(300)
	result[key].diagnostics = diagnostics(bufnr)
	step('diagnostics for ' .. file)
	return bufnr
end

local function run()
	vim.opt.runtimepath:prepend(os.getenv('PFL_NVIM_RTP'))
	vim.cmd('filetype on')

	local perflint = require('perflint')
	result.exits = {}
	result.attaches = 0
	perflint.setup({
		cmd = { os.getenv('PERFLINT'), 'lsp' },
		on_attach = function()
			result.attaches = result.attaches + 1
		end,
		on_exit = function(code, signal)
			table.insert(result.exits, { code = code, signal = signal })
		end,
	})
	step('setup')

	local py = open_and_wait('report.py', 'python')
	local client_id = result.python.client_id
	local client = vim.lsp.get_client_by_id(client_id)
	result.client = {
		name = client.name,
		root_dir = client.config.root_dir,
		offset_encoding = client.offset_encoding,
		workspace_folders = client.workspace_folders or vim.NIL,
		code_action_provider = client.server_capabilities and client.server_capabilities.codeActionProvider and true
			or false,
		text_document_sync = client.server_capabilities and client.server_capabilities.textDocumentSync or vim.NIL,
	}

	-- Code actions on the first finding (PFL201 at line 8), with the
	-- diagnostics of that line as context, as vim.lsp.buf.code_action() sends.
	local line_diags = lsp_line_diagnostics(py, 7)
	local params = {
		textDocument = { uri = vim.uri_from_bufnr(py) },
		range = { start = { line = 7, character = 8 }, ['end'] = { line = 7, character = 8 } },
		context = { diagnostics = line_diags },
	}
	local chosen = nil
	local responses = vim.lsp.buf_request_sync(py, 'textDocument/codeAction', params, timeout_ms) or {}
	result.code_actions = {}
	for _, response in pairs(responses) do
		for _, action in ipairs(response.result or {}) do
			local edits = {}
			local changes = action.edit and action.edit.changes or {}
			for uri, list in pairs(changes) do
				for _, e in ipairs(list) do
					table.insert(edits, { uri = uri, range = e.range, newText = e.newText })
				end
			end
			for _, change in ipairs(action.edit and action.edit.documentChanges or {}) do
				for _, e in ipairs(change.edits or {}) do
					table.insert(edits, { uri = change.textDocument.uri, range = e.range, newText = e.newText })
				end
			end
			table.insert(result.code_actions, { title = action.title, kind = action.kind or vim.NIL, edits = edits })
			if chosen == nil and action.edit and #edits > 0 and edits[1].newText:find('PFL201', 1, true) then
				chosen = action
			end
		end
	end
	step('code actions')

	-- Apply the suppression as vim.lsp.buf.code_action() would: the line
	-- gets the comment, and the server drops the finding.
	if chosen ~= nil then
		vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
		result.suppressed_line = vim.api.nvim_buf_get_lines(py, 7, 8, true)[1]
		result.suppressed_gone = wait_for(function()
			for _, d in ipairs(vim.diagnostic.get(py)) do
				if d.lnum == 7 then
					return false
				end
			end
			return #vim.diagnostic.get(py) > 0
		end)
		result.after_suppress = diagnostics(py)
		step('applied the code action')
	end

	-- The same server serves the C file of the same project.
	open_and_wait('join_names.c', 'c')

	-- Edit report.py without saving: delete the blocking call (line 29); the
	-- PFL401 diagnostic must go.
	vim.cmd('buffer ' .. py)
	vim.api.nvim_buf_set_lines(py, 28, 29, true, { '        await client.wait()' })
	result.after_edit_gone = wait_for(function()
		for _, d in ipairs(vim.diagnostic.get(py)) do
			if d.lnum == 28 then
				return false
			end
		end
		return #vim.diagnostic.get(py) > 0
	end)
	result.after_edit = diagnostics(py)
	step('edited report.py')

	-- Stop the server: it must shut down and exit cleanly.
	perflint.stop()
	result.stopped = wait_for(function()
		return #result.exits > 0
	end)
	step('stopped')
end

local ok, err = pcall(run)
if not ok then
	result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv('PFL_RESULT'))
vim.cmd('qall!')
