-- perflint.lua - Neovim's built-in LSP client, attached to `perflint lsp`.
--
-- Usage (init.lua), with editors/nvim on 'runtimepath':
--
--   require('perflint').setup({
--     cmd = { 'perflint', 'lsp' },          -- the default
--   })
--
-- Works with Neovim 0.7 and later: it starts clients with
-- vim.lsp.start_client (0.7 has no vim.lsp.start; from 0.11, where
-- start_client is deprecated, with vim.lsp.start and attach = false) and
-- attaches buffers with vim.lsp.buf_attach_client, from a FileType
-- autocommand for Python and C buffers. One server runs per root
-- directory, the nearest ancestor holding .perflint.yml or .git (else the
-- file's own directory); every buffer under that root attaches to it.
-- Diagnostics arrive through vim.diagnostic; code actions (suppression
-- comments) through vim.lsp.buf.code_action().

local M = {}

local uv = vim.uv or vim.loop
local has_011 = vim.fn.has('nvim-0.11') == 1

-- The defaults; setup() merges the user's options over a copy.
local defaults = {
	-- The server command: perflint's lsp subcommand, over stdio.
	cmd = { 'perflint', 'lsp' },
	-- Buffers of these filetypes get the server.
	filetypes = { 'python', 'c' },
	-- The root is the nearest ancestor directory holding one of these.
	root_markers = { '.perflint.yml', '.git' },
	-- The client's name (shown by :LspInfo-like tools and in the log).
	name = 'perflint',
	-- Passed through to vim.lsp.start_client (on_exit is called after the
	-- module's own bookkeeping).
	on_attach = nil,
	on_init = nil,
	on_exit = nil,
	capabilities = nil,
	init_options = nil,
	settings = nil,
	flags = nil,
}

-- The options in force (after setup), and the running client id per root.
local config = nil
local clients_by_root = {}
local warned_missing = false

-- The directory of a buffer's file, or nil for a buffer that is not a file
-- on disk (no name, a special buffer, a URI such as fugitive://).
local function buffer_dir(bufnr)
	if vim.bo[bufnr].buftype ~= '' then
		return nil
	end
	local name = vim.api.nvim_buf_get_name(bufnr)
	if name == '' or name:match('^%a[%w+.-]*://') then
		return nil
	end
	return vim.fn.fnamemodify(name, ':p:h')
end

-- The root directory for a file in DIR: the nearest ancestor (DIR included)
-- holding one of the root markers, else DIR itself.
function M.find_root(dir, markers)
	markers = markers or (config and config.root_markers) or defaults.root_markers
	local current = dir
	while true do
		for _, marker in ipairs(markers) do
			if uv.fs_stat(current .. '/' .. marker) then
				return current
			end
		end
		local parent = vim.fn.fnamemodify(current, ':h')
		if parent == current then
			return dir
		end
		current = parent
	end
end

-- The client for ROOT if it is still running, else nil.
local function live_client(root)
	local id = clients_by_root[root]
	if not id then
		return nil
	end
	local client = vim.lsp.get_client_by_id(id)
	if client == nil or client:is_stopped() then
		clients_by_root[root] = nil
		return nil
	end
	return id
end

-- Start a server for ROOT; returns its client id, or nil when the command
-- cannot be run (said once with vim.notify).
local function start(root)
	local exe = config.cmd[1]
	if vim.fn.executable(exe) ~= 1 then
		if not warned_missing then
			warned_missing = true
			vim.notify(
				string.format("perflint: cannot run '%s': not found or not executable (set cmd in require('perflint').setup)", exe),
				vim.log.levels.ERROR
			)
		end
		return nil
	end
	local client_config = {
		name = config.name,
		cmd = config.cmd,
		root_dir = root,
		-- The server runs in the root, where it finds compile_commands.json.
		cmd_cwd = root,
		workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
		on_attach = config.on_attach,
		capabilities = config.capabilities,
		init_options = config.init_options,
		settings = config.settings,
		flags = config.flags,
		on_init = config.on_init,
		on_exit = function(code, signal, client_id)
			if clients_by_root[root] ~= nil then
				vim.schedule(function()
					local current = clients_by_root[root]
					local client = current and vim.lsp.get_client_by_id(current)
					if client == nil or client:is_stopped() then
						clients_by_root[root] = nil
					end
				end)
			end
			if config.on_exit then
				config.on_exit(code, signal, client_id)
			end
		end,
	}
	local id
	if has_011 then
		-- Always a new client (reuse is decided here, per root), not attached yet.
		id = vim.lsp.start(client_config, {
			attach = false,
			reuse_client = function()
				return false
			end,
		})
	else
		id = vim.lsp.start_client(client_config)
	end
	clients_by_root[root] = id
	return id
end

-- Attach buffer BUFNR to the server of its root, starting one if needed.
-- Returns the client id, or nil if the buffer is not a file or the server
-- cannot be started.
function M.attach(bufnr)
	if config == nil then
		return nil
	end
	bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
	local dir = buffer_dir(bufnr)
	if dir == nil then
		return nil
	end
	local root = M.find_root(dir, config.root_markers)
	local id = live_client(root) or start(root)
	if id ~= nil then
		vim.lsp.buf_attach_client(bufnr, id)
	end
	return id
end

-- Stop every perflint server.
function M.stop()
	for root, id in pairs(clients_by_root) do
		local client = vim.lsp.get_client_by_id(id)
		if client ~= nil then
			if has_011 then
				client:stop()
			else
				vim.lsp.stop_client(id)
			end
		end
		clients_by_root[root] = nil
	end
end

-- Stop every perflint server, then attach the loaded buffers of the
-- configured filetypes again (which starts new servers).
function M.restart()
	local ids = {}
	for _, id in pairs(clients_by_root) do
		table.insert(ids, id)
	end
	M.stop()
	warned_missing = false
	-- Wait for the old servers to exit so their buffers can reattach.
	vim.wait(2000, function()
		for _, id in ipairs(ids) do
			local client = vim.lsp.get_client_by_id(id)
			if client ~= nil and not client:is_stopped() then
				return false
			end
		end
		return true
	end, 20)
	M.attach_loaded()
end

-- Attach every loaded buffer whose filetype is configured (for buffers
-- opened before setup ran).
function M.attach_loaded()
	local wanted = {}
	for _, ft in ipairs(config.filetypes) do
		wanted[ft] = true
	end
	for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
		if vim.api.nvim_buf_is_loaded(bufnr) and wanted[vim.bo[bufnr].filetype] then
			M.attach(bufnr)
		end
	end
end

-- Configure and enable: OPTS overrides the defaults above. Calling setup
-- again replaces the options (running servers keep theirs until
-- :PerflintRestart).
function M.setup(opts)
	opts = opts or {}
	config = vim.tbl_extend('force', vim.deepcopy(defaults), opts)
	if type(config.cmd) == 'string' then
		config.cmd = { config.cmd, 'lsp' }
	end
	warned_missing = false

	local group = vim.api.nvim_create_augroup('perflint_lsp', { clear = true })
	vim.api.nvim_create_autocmd('FileType', {
		group = group,
		pattern = config.filetypes,
		callback = function(args)
			M.attach(args.buf)
		end,
		desc = 'perflint: attach the perflint language server',
	})
	vim.api.nvim_create_user_command('PerflintRestart', function()
		M.restart()
	end, { desc = 'perflint: restart the language server' })
	vim.api.nvim_create_user_command('PerflintStop', function()
		M.stop()
	end, { desc = 'perflint: stop the language server' })

	M.attach_loaded()
end

return M
