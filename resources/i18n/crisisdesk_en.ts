<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>添加账号</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>本单位对该账号的称呼，如“市政务微博”</source>
        <translation>What the office calls this account, e.g. "City government Weibo"</translation>
    </message>
    <message>
        <source>公众看到的名称（可不填）</source>
        <translation>Name the public sees (optional)</translation>
    </message>
    <message>
        <source>平台：</source>
        <translation>Platform:</translation>
    </message>
    <message>
        <source>账号名称：</source>
        <translation>Account name:</translation>
    </message>
    <message>
        <source>显示名称：</source>
        <translation>Display name:</translation>
    </message>
    <message>
        <source>接口地址：</source>
        <translation>API address:</translation>
    </message>
    <message>
        <source>连接设置与凭据</source>
        <translation>Connection settings and credentials</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>默认：{host}（可填单位网关地址）</source>
        <translation>Default: {host} (or the office gateway address)</translation>
    </message>
    <message>
        <source>请填写账号名称。</source>
        <translation>Please enter the account name.</translation>
    </message>
    <message>
        <source>接口地址应以 https:// 开头。</source>
        <translation>The API address must start with https://.</translation>
    </message>
    <message>
        <source>正在测试连接……</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>AccountsPane</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>上次成功</source>
        <translation>Last success</translation>
    </message>
    <message>
        <source>下次同步</source>
        <translation>Next sync</translation>
    </message>
    <message>
        <source>授权到期</source>
        <translation>Authorisation expires</translation>
    </message>
    <message>
        <source>评论数</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>尚未添加账号。
点击“添加账号…”接入微博、微信公众号、抖音账号或模拟演练，
或点击“导入评论文件…”导入平台后台导出的评论表格。</source>
        <translation>No accounts yet.
Click "Add account…" to connect a Weibo, WeChat Official Account, Douyin account or a drill simulator,
or "Import comment file…" to import a comment table exported from a platform.</translation>
    </message>
    <message>
        <source>添加账号…</source>
        <translation>Add account…</translation>
    </message>
    <message>
        <source>授权…</source>
        <translation>Authorise…</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>导入评论文件…</source>
        <translation>Import comment file…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>接口地址：{url}</source>
        <translation>API address: {url}</translation>
    </message>
    <message>
        <source>按需导入</source>
        <translation>Imported on demand</translation>
    </message>
    <message>
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>待重新授权</source>
        <translation>Needs re-authorisation</translation>
    </message>
    <message>
        <source>即将开始</source>
        <translation>Starting soon</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>已添加{platform}账号“{name}”。</source>
        <translation>Added {platform} account "{name}".</translation>
    </message>
    <message>
        <source>正在测试“{name}”的连接……</source>
        <translation>Testing the connection of "{name}"…</translation>
    </message>
    <message>
        <source>正在同步“{name}”……</source>
        <translation>Synchronising "{name}"…</translation>
    </message>
    <message>
        <source>“{name}”同步完成，新增 {n} 条评论。</source>
        <translation>"{name}" synchronised: {n} new comments.</translation>
    </message>
    <message>
        <source>“{name}”同步未完成（{status}）：{message}</source>
        <translation>"{name}" did not finish synchronising ({status}): {message}</translation>
    </message>
    <message>
        <source>已暂停“{name}”的同步。</source>
        <translation>Paused synchronising "{name}".</translation>
    </message>
    <message>
        <source>已恢复“{name}”的同步。</source>
        <translation>Resumed synchronising "{name}".</translation>
    </message>
    <message>
        <source>，并删除其 {n} 条评论</source>
        <translation>, and deleted its {n} comments</translation>
    </message>
    <message>
        <source>已删除账号“{name}”及其授权信息{extra}。</source>
        <translation>Removed account "{name}" and its authorisation{extra}.</translation>
    </message>
</context>
<context>
    <name>ActivitiesPane</name>
    <message>
        <source>活动名称</source>
        <translation>Activity</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>发布账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>未指定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>预案名称</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>适用情形</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <source>修订</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>第 {n} 版</source>
        <translation>Rev. {n}</translation>
    </message>
    <message>
        <source>最近演练</source>
        <translation>Last drill</translation>
    </message>
    <message>
        <source>尚未演练</source>
        <translation>Never drilled</translation>
    </message>
    <message>
        <source>步骤</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>责任岗位</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>配套模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>暂无活动。
新建问卷、投票、直播等互动活动并排期后，活动将显示在这里。</source>
        <translation>No activities yet.
Surveys, votes, live streams and other interaction activities appear here once they are created and scheduled.</translation>
    </message>
    <message>
        <source>暂无预案。
按突发事件类型制定应对预案后，预案及其处置步骤将显示在这里。</source>
        <translation>No response plans yet.
Plans and their steps appear here once they are drawn up for each type of incident.</translation>
    </message>
    <message>
        <source>所选预案尚未设置处置步骤。</source>
        <translation>The selected plan has no steps yet.</translation>
    </message>
    <message>
        <source>互动活动</source>
        <translation>Interaction activities</translation>
    </message>
    <message>
        <source>应对预案</source>
        <translation>Response plans</translation>
    </message>
    <message>
        <source>（危机期间暂停）</source>
        <translation> (held during the crisis)</translation>
    </message>
    <message>
        <source>未排期</source>
        <translation>Not scheduled</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>{n} 小时内</source>
        <translation>Within {n} h</translation>
    </message>
    <message>
        <source>{n} 分钟内</source>
        <translation>Within {n} min</translation>
    </message>
</context>
<context>
    <name>AuthorizeDialog</name>
    <message>
        <source>授权{platform}账号“{name}”</source>
        <translation>Authorise {platform} account "{name}"</translation>
    </message>
    <message>
        <source>开放平台应用</source>
        <translation>Open platform application</translation>
    </message>
    <message>
        <source>App Key：</source>
        <translation>App Key:</translation>
    </message>
    <message>
        <source>Client Key：</source>
        <translation>Client Key:</translation>
    </message>
    <message>
        <source>App Secret：</source>
        <translation>App Secret:</translation>
    </message>
    <message>
        <source>Client Secret：</source>
        <translation>Client Secret:</translation>
    </message>
    <message>
        <source>本机回调端口：</source>
        <translation>Local callback port:</translation>
    </message>
    <message>
        <source>在浏览器中授权</source>
        <translation>Authorise in the browser</translation>
    </message>
    <message>
        <source>点击“在浏览器中授权”后，这里显示授权页面地址</source>
        <translation>The authorisation page address appears here after you click "Authorise in the browser"</translation>
    </message>
    <message>
        <source>第一步：在浏览器中登录并同意授权</source>
        <translation>Step 1: sign in and grant access in the browser</translation>
    </message>
    <message>
        <source>粘贴授权后跳转的完整地址，或其中 code= 后面的内容</source>
        <translation>Paste the full address the browser was sent to, or the part after code=</translation>
    </message>
    <message>
        <source>提交授权码</source>
        <translation>Submit code</translation>
    </message>
    <message>
        <source>第二步：浏览器跳转后自动完成；若未自动完成，请手动粘贴</source>
        <translation>Step 2: completes automatically when the browser returns; if it does not, paste it here</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>账号：{name}（{platform}）</source>
        <translation>Account: {name} ({platform})</translation>
    </message>
    <message>
        <source>请在开放平台的应用设置中将授权回调地址登记为：http://127.0.0.1:{port}/callback</source>
        <translation>Register this callback address in the open platform application settings: http://127.0.0.1:{port}/callback</translation>
    </message>
    <message>
        <source>请填写开放平台应用的 Key 和密钥。</source>
        <translation>Please enter the open platform application key and secret.</translation>
    </message>
    <message>
        <source>本机端口 {port} 已被占用，无法接收授权回调。
请换一个端口并同步修改开放平台登记的回调地址，或手动粘贴授权码。</source>
        <translation>Local port {port} is in use, so the authorisation callback cannot be received.
Choose another port and change the callback address registered on the open platform accordingly, or paste the code by hand.</translation>
    </message>
    <message>
        <source>请在浏览器中完成授权，完成后本窗口会自动继续……</source>
        <translation>Please complete the authorisation in the browser; this window continues by itself afterwards…</translation>
    </message>
    <message>
        <source>已收到授权码，正在换取访问令牌……</source>
        <translation>Authorisation code received; obtaining the access token…</translation>
    </message>
    <message>
        <source>授权有效期至 {when}。</source>
        <translation>Authorisation valid until {when}.</translation>
    </message>
    <message>
        <source>平台未说明授权有效期。</source>
        <translation>The platform did not state how long the authorisation lasts.</translation>
    </message>
    <message>
        <source>授权成功，访问令牌已存入系统密钥环。</source>
        <translation>Authorised. The access token is stored in the system keyring.</translation>
    </message>
</context>
<context>
    <name>CommentDetailView</name>
    <message>
        <source>在上方列表中选择一条评论，即可在此查看全文。</source>
        <translation>Select a comment in the list above to read it in full here.</translation>
    </message>
    <message>
        <source>平台/账号</source>
        <translation>Platform / account</translation>
    </message>
    <message>
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>发布时间</source>
        <translation>Posted</translation>
    </message>
    <message>
        <source>所属内容</source>
        <translation>On post</translation>
    </message>
    <message>
        <source>情感/意图</source>
        <translation>Sentiment / intent</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>关键词</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>{created}（获取于 {fetched}）</source>
        <translation>{created} (fetched {fetched})</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>{sentiment}（得分 {score:+.2f}，置信度 {confidence:.0%}）/ {intent}</source>
        <translation>{sentiment} (score {score:+.2f}, confidence {confidence:.0%}) / {intent}</translation>
    </message>
    <message>
        <source>，办理时限 {due}</source>
        <translation>, due {due}</translation>
    </message>
    <message>
        <source>；命中关注词 {n} 处</source>
        <translation>; {n} watch-word hit(s)</translation>
    </message>
    <message>
        <source>未分派</source>
        <translation>Unassigned</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>第 {line} 行：{reason}</source>
        <translation>Row {line}: {reason}</translation>
    </message>
    <message>
        <source>导入评论文件</source>
        <translation>Import comment file</translation>
    </message>
    <message>
        <source>支持 CSV、XLSX、JSON（平台后台导出的评论表格）</source>
        <translation>CSV, XLSX or JSON (comment tables exported from a platform)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>列对应关系（带 * 的为必填）</source>
        <translation>Column mapping (* required)</translation>
    </message>
    <message>
        <source>预览（前 {n} 行，按上面的对应关系读取）</source>
        <translation>Preview (first {n} rows, read with the mapping above)</translation>
    </message>
    <message>
        <source>导入到哪个账号；输入新名称将新建一个“文件导入”账号</source>
        <translation>The account to import into; a new name creates a "File import" account</translation>
    </message>
    <message>
        <source>导入到账号：</source>
        <translation>Import into account:</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>复制未导入行</source>
        <translation>Copy rows not imported</translation>
    </message>
    <message>
        <source>选择评论导出文件</source>
        <translation>Choose a comment export file</translation>
    </message>
    <message>
        <source>评论导出文件 (*.csv *.tsv *.txt *.xlsx *.xlsm *.json);;所有文件 (*)</source>
        <translation>Comment export files (*.csv *.tsv *.txt *.xlsx *.xlsm *.json);;All files (*)</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>编码：{encoding}，共 {n} 列</source>
        <translation>Encoding: {encoding}, {n} columns</translation>
    </message>
    <message>
        <source>请为{names}指定文件中的列。</source>
        <translation>Please choose the file column for {names}.</translation>
    </message>
    <message>
        <source>正在导入……</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在导入，请稍候……</source>
        <translation>Importing, please wait…</translation>
    </message>
    <message>
        <source>已读取 {n} 行</source>
        <translation>{n} rows read</translation>
    </message>
    <message>
        <source>导入完成：共读取 {read} 行，新增 {added} 条评论，{already} 条此前已导入（未重复添加）。</source>
        <translation>Import finished: {read} rows read, {added} new comments, {already} imported before (not added again).</translation>
    </message>
    <message>
        <source>
以下 {n} 行未能导入（可复制后对照原文件修改）：</source>
        <translation>
The following {n} rows could not be imported (copy them to correct the original file):</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>平台/账号</source>
        <translation>Platform / account</translation>
    </message>
    <message>
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>情感</source>
        <translation>Sentiment</translation>
    </message>
    <message>
        <source>意图</source>
        <translation>Intent</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <source>暂无评论。
同步已接入的账号、导入评论文件或运行演练场景后，评论将显示在这里。</source>
        <translation>No comments yet.
Comments appear here once connected accounts are synchronised, a comment file is imported or a drill scenario is run.</translation>
    </message>
    <message>
        <source>正在统计评论数量……</source>
        <translation>Counting comments…</translation>
    </message>
    <message>
        <source>共 {total} 条评论，已载入 {shown} 条（按时间由新到旧）</source>
        <translation>{total} comments, {shown} loaded (newest first)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CrisisDesk 政务新媒体互动与舆情应对工作台 — {name}</source>
        <translation>CrisisDesk public-affairs social media console — {name}</translation>
    </message>
    <message>
        <source>收件箱</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>回复模板</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <source>趋势与预警</source>
        <translation>Trends and Warnings</translation>
    </message>
    <message>
        <source>活动策划</source>
        <translation>Activities</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>新建工作区…</source>
        <translation>New workspace…</translation>
    </message>
    <message>
        <source>打开工作区…</source>
        <translation>Open workspace…</translation>
    </message>
    <message>
        <source>连接共享数据库（PostgreSQL）…</source>
        <translation>Connect to shared database (PostgreSQL)…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>全屏</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>关于 CrisisDesk</source>
        <translation>About CrisisDesk</translation>
    </message>
    <message>
        <source>CrisisDesk {version}
政务新媒体互动与舆情应对工作台

评论收件箱、回复模板、趋势预警与活动策划；数据保存在本单位的数据库中。</source>
        <translation>CrisisDesk {version}
Public-affairs social media interaction and crisis response console

Comment inbox, reply templates, trends and early warning, activity planning; all data stays in your office's own database.</translation>
    </message>
    <message>
        <source>新建工作区</source>
        <translation>New workspace</translation>
    </message>
    <message>
        <source>打开工作区</source>
        <translation>Open workspace</translation>
    </message>
    <message>
        <source>连接共享数据库</source>
        <translation>Connect to shared database</translation>
    </message>
    <message>
        <source>数据库地址（例如 postgresql+psycopg://用户@主机/数据库）：</source>
        <translation>Database URL (e.g. postgresql+psycopg://user@host/database):</translation>
    </message>
    <message>
        <source>无法打开工作区</source>
        <translation>Cannot open workspace</translation>
    </message>
</context>
<context>
    <name>RemoveAccountDialog</name>
    <message>
        <source>删除账号</source>
        <translation>Remove account</translation>
    </message>
    <message>
        <source>确定删除{platform}账号“{name}”吗？其授权信息将同时从系统密钥环中删除。</source>
        <translation>Remove {platform} account "{name}"? Its authorisation will also be deleted from the system keyring.</translation>
    </message>
    <message>
        <source>同时删除其评论（共 {n} 条，删除后无法恢复）</source>
        <translation>Also delete its comments ({n}; this cannot be undone)</translation>
    </message>
    <message>
        <source>该账号下有评论。如只想停止同步，请改用“暂停”。</source>
        <translation>This account has comments. To stop synchronising only, use "Pause" instead.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StatusBarController</name>
    <message>
        <source>工作区：{name}</source>
        <translation>Workspace: {name}</translation>
    </message>
    <message>
        <source>尚未接入账号</source>
        <translation>No accounts connected</translation>
    </message>
    <message>
        <source>账号同步：{ok} 个正常 / {problems} 个异常（共 {total} 个）</source>
        <translation>Accounts: {ok} OK / {problems} with problems ({total} in all)</translation>
    </message>
</context>
<context>
    <name>TemplatesPane</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>最新版本</source>
        <translation>Latest version</translation>
    </message>
    <message>
        <source>无正文</source>
        <translation>No text</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <source>暂无模板。
导入单位的回复口径库或新建模板并经审核后，模板将显示在这里。</source>
        <translation>No templates yet.
Templates appear here once the office's approved wording is imported, or new templates are written and approved.</translation>
    </message>
    <message>
        <source>在左侧列表中选择一个模板，即可在此查看正文。</source>
        <translation>Select a template on the left to read its text here.</translation>
    </message>
    <message>
        <source>已于 {when} 由 {who} 审核通过</source>
        <translation>approved by {who} on {when}</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>reviewer</translation>
    </message>
    <message>
        <source>尚未审核，不可直接用于回复</source>
        <translation>not yet approved; cannot be used in replies as is</translation>
    </message>
    <message>
        <source>{category} · 版本 {version}（共 {count} 个版本） · {review}</source>
        <translation>{category} · version {version} ({count} in all) · {review}</translation>
    </message>
</context>
<context>
    <name>TrendsPane</name>
    <message>
        <source>评论数/小时</source>
        <translation>Comments per hour</translation>
    </message>
    <message>
        <source>暂无趋势数据。
评论同步或导入后，系统按小时汇总评论量，趋势图将显示在这里。</source>
        <translation>No trend data yet.
Once comments are synchronised or imported, hourly volumes are charted here.</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>近期没有预警。
预警规则触发时，预警将按时间顺序列在这里。</source>
        <translation>No recent alerts.
Alerts are listed here, newest first, when a warning rule fires.</translation>
    </message>
    <message>
        <source>近期预警</source>
        <translation>Recent alerts</translation>
    </message>
    <message>
        <source>最近 {days} 天没有评论量数据。</source>
        <translation>No comment volume in the last {days} days of data.</translation>
    </message>
    <message>
        <source>数据最近 {days} 天（至 {end}）：共 {total} 条评论，其中负面 {negative} 条（{share:.1%}）。</source>
        <translation>Last {days} days of data (to {end}): {total} comments, {negative} negative ({share:.1%}).</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>正在生成演示工作区，请稍候……</source>
        <translation>Building the demo workspace, please wait…</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>负面</source>
        <translation>Negative</translation>
    </message>
    <message>
        <source>中性</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>正面</source>
        <translation>Positive</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>咨询</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>求助</source>
        <translation>Help request</translation>
    </message>
    <message>
        <source>建议</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>表扬</source>
        <translation>Praise</translation>
    </message>
    <message>
        <source>质疑/谣言</source>
        <translation>Doubt / rumour</translation>
    </message>
    <message>
        <source>辱骂</source>
        <translation>Abuse</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>未处理</source>
        <translation>New</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已回复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>已忽略</source>
        <translation>Ignored</translation>
    </message>
    <message>
        <source>垃圾信息</source>
        <translation>Spam</translation>
    </message>
    <message>
        <source>微博</source>
        <translation>Weibo</translation>
    </message>
    <message>
        <source>微信公众号</source>
        <translation>WeChat OA</translation>
    </message>
    <message>
        <source>抖音</source>
        <translation>Douyin</translation>
    </message>
    <message>
        <source>文件导入</source>
        <translation>File import</translation>
    </message>
    <message>
        <source>模拟演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>无预警</source>
        <translation>No warning</translation>
    </message>
    <message>
        <source>蓝色预警</source>
        <translation>Blue warning</translation>
    </message>
    <message>
        <source>黄色预警</source>
        <translation>Yellow warning</translation>
    </message>
    <message>
        <source>橙色预警</source>
        <translation>Orange warning</translation>
    </message>
    <message>
        <source>红色预警</source>
        <translation>Red warning</translation>
    </message>
    <message>
        <source>待处置</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>已升级为事件</source>
        <translation>Escalated to incident</translation>
    </message>
    <message>
        <source>道歉</source>
        <translation>Apology</translation>
    </message>
    <message>
        <source>解释</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>澄清</source>
        <translation>Clarification</translation>
    </message>
    <message>
        <source>感谢</source>
        <translation>Thanks</translation>
    </message>
    <message>
        <source>政策解读</source>
        <translation>Policy explainer</translation>
    </message>
    <message>
        <source>常见问题</source>
        <translation>FAQ</translation>
    </message>
    <message>
        <source>办理回复</source>
        <translation>Case reply</translation>
    </message>
    <message>
        <source>危机声明</source>
        <translation>Holding statement</translation>
    </message>
    <message>
        <source>引导</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <source>问卷调查</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>投票</source>
        <translation>Vote</translation>
    </message>
    <message>
        <source>抽奖</source>
        <translation>Prize draw</translation>
    </message>
    <message>
        <source>在线答题</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>直播</source>
        <translation>Live stream</translation>
    </message>
    <message>
        <source>话题讨论</source>
        <translation>Topic discussion</translation>
    </message>
    <message>
        <source>公众问政</source>
        <translation>Public Q&amp;A</translation>
    </message>
    <message>
        <source>草案</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已排期</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>回复岗</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>审核岗</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>舆情应急岗</source>
        <translation>Crisis lead</translation>
    </message>
    <message>
        <source>数据分析岗</source>
        <translation>Analyst</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>CrisisDesk</source>
        <translation>CrisisDesk</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>操作未能完成：{error}
详细信息已记入日志。</source>
        <translation>The operation could not be completed: {error}
Details have been written to the log.</translation>
    </message>
</context>
</TS>