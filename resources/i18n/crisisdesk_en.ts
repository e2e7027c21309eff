<?xml version="1.0" encoding="utf-8"?>
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
        <translation>What the office calls this account, e.g. &quot;City government Weibo&quot;</translation>
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
    <name>AccountPages</name>
    <message>
        <source>开放平台应用的 App Secret</source>
        <translation>App Secret of the open platform application</translation>
    </message>
    <message>
        <source>已有访问令牌时填写；否则保存后点击“授权…”</source>
        <translation>Fill in if you already have an access token; otherwise click &quot;Authorise…&quot; after saving</translation>
    </message>
    <message>
        <source>填写访问令牌时一并填写；授权时自动获得</source>
        <translation>Fill in together with an access token; obtained automatically on authorisation</translation>
    </message>
    <message>
        <source>App Key：</source>
        <translation>App Key:</translation>
    </message>
    <message>
        <source>App Secret：</source>
        <translation>App Secret:</translation>
    </message>
    <message>
        <source>访问令牌：</source>
        <translation>Access token:</translation>
    </message>
    <message>
        <source>账号 UID：</source>
        <translation>Account UID:</translation>
    </message>
    <message>
        <source>填写 App Key 和 App Secret 后，可在账号列表中点击“授权…”完成微博授权。</source>
        <translation>After filling in the App Key and App Secret, click &quot;Authorise…&quot; in the account list to complete Weibo authorisation.</translation>
    </message>
    <message>
        <source>请填写访问令牌，或填写 App Key 和 App Secret 以便随后授权。</source>
        <translation>Please fill in an access token, or the App Key and App Secret so that the account can be authorised afterwards.</translation>
    </message>
    <message>
        <source>公众号后台“开发—基本配置”中的 AppSecret</source>
        <translation>The AppSecret under &quot;Development — Basic configuration&quot; in the Official Account admin console</translation>
    </message>
    <message>
        <source>每行一篇，格式为 msg_data_id:序号，如 2247483650:0</source>
        <translation>One article per line, as msg_data_id:index, e.g. 2247483650:0</translation>
    </message>
    <message>
        <source>AppID：</source>
        <translation>AppID:</translation>
    </message>
    <message>
        <source>AppSecret：</source>
        <translation>AppSecret:</translation>
    </message>
    <message>
        <source>关注的文章：</source>
        <translation>Articles followed:</translation>
    </message>
    <message>
        <source>请填写公众号的 AppID 和 AppSecret。</source>
        <translation>Please fill in the Official Account&apos;s AppID and AppSecret.</translation>
    </message>
    <message>
        <source>开放平台应用的 Client Secret</source>
        <translation>Client Secret of the open platform application</translation>
    </message>
    <message>
        <source>授权后自动获得；已有时填写</source>
        <translation>Obtained automatically on authorisation; fill in if you already have it</translation>
    </message>
    <message>
        <source>可选</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>每行一个视频 item_id</source>
        <translation>One video item_id per line</translation>
    </message>
    <message>
        <source>Client Key：</source>
        <translation>Client Key:</translation>
    </message>
    <message>
        <source>Client Secret：</source>
        <translation>Client Secret:</translation>
    </message>
    <message>
        <source>open_id：</source>
        <translation>open_id:</translation>
    </message>
    <message>
        <source>刷新令牌：</source>
        <translation>Refresh token:</translation>
    </message>
    <message>
        <source>关注的视频：</source>
        <translation>Videos followed:</translation>
    </message>
    <message>
        <source>请填写 Client Key 和 Client Secret 以便随后授权，或填写 open_id 和访问令牌。</source>
        <translation>Please fill in the Client Key and Client Secret so that the account can be authorised afterwards, or fill in the open_id and access token.</translation>
    </message>
    <message>
        <source> 倍速</source>
        <translation>× real time</translation>
    </message>
    <message>
        <source>演练脚本：</source>
        <translation>Drill script:</translation>
    </message>
    <message>
        <source>扮演账号：</source>
        <translation>Account played:</translation>
    </message>
    <message>
        <source>演练速度：</source>
        <translation>Drill speed:</translation>
    </message>
    <message>
        <source>未找到演练脚本。</source>
        <translation>No drill script was found.</translation>
    </message>
    <message>
        <source>{kind}：{text}</source>
        <translation>{kind}: {text}</translation>
    </message>
    <message>
        <source>没有可用的演练脚本。</source>
        <translation>No drill scripts are available.</translation>
    </message>
</context>
<context>
    <name>AccountsPane</name>
    <message>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>（刷新令牌 {when}）</source>
        <translation> (refresh token {when})</translation>
    </message>
    <message>
        <source>已过期 {text}</source>
        <translation>Expired: {text}</translation>
    </message>
    <message>
        <source>即将到期 {text}</source>
        <translation>Expires soon: {text}</translation>
    </message>
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
Click &quot;Add account…&quot; to connect a Weibo, WeChat Official Account, Douyin account or a drill simulator,
or &quot;Import comment file…&quot; to import a comment table exported from a platform.</translation>
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
        <translation>Added {platform} account &quot;{name}&quot;.</translation>
    </message>
    <message>
        <source>正在测试“{name}”的连接……</source>
        <translation>Testing the connection of &quot;{name}&quot;…</translation>
    </message>
    <message>
        <source>正在同步“{name}”……</source>
        <translation>Synchronising &quot;{name}&quot;…</translation>
    </message>
    <message>
        <source>“{name}”：{message}</source>
        <translation>&quot;{name}&quot;: {message}</translation>
    </message>
    <message>
        <source>“{name}”同步完成，新增 {n} 条评论。</source>
        <translation>&quot;{name}&quot; synchronised: {n} new comments.</translation>
    </message>
    <message>
        <source>“{name}”同步未完成（{status}）：{message}</source>
        <translation>&quot;{name}&quot; did not finish synchronising ({status}): {message}</translation>
    </message>
    <message>
        <source>已暂停“{name}”的同步。</source>
        <translation>Paused synchronising &quot;{name}&quot;.</translation>
    </message>
    <message>
        <source>已恢复“{name}”的同步。</source>
        <translation>Resumed synchronising &quot;{name}&quot;.</translation>
    </message>
    <message>
        <source>，并删除其 {n} 条评论</source>
        <translation>, and deleted its {n} comments</translation>
    </message>
    <message>
        <source>已删除账号“{name}”及其授权信息{extra}。</source>
        <translation>Removed account &quot;{name}&quot; and its authorisation{extra}.</translation>
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
    <name>AlertCentre</name>
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
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>暂无预警。
预警规则触发时，预警将在这里列出并说明原因。</source>
        <translation>No alerts.
When a warning rule fires, the alert is listed here with its reason.</translation>
    </message>
    <message>
        <source>只看未处理</source>
        <translation>Open only</translation>
    </message>
    <message>
        <source>确认(&amp;A)…</source>
        <translation>&amp;Acknowledge…</translation>
    </message>
    <message>
        <source>确认已知悉此预警并填写处置说明（Ctrl+K）</source>
        <translation>Acknowledge this alert with a note on what is being done (Ctrl+K)</translation>
    </message>
    <message>
        <source>升级为事件(&amp;E)…</source>
        <translation>&amp;Escalate to incident…</translation>
    </message>
    <message>
        <source>新建危机事件，或并入已为同一事态建立的事件</source>
        <translation>Open a new incident, or attach to the incident already open for the same event</translation>
    </message>
    <message>
        <source>选中一条预警，查看触发原因与数据。</source>
        <translation>Select an alert to see why it fired and the figures behind it.</translation>
    </message>
    <message>
        <source>确认预警</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <source>处置说明（将记入审计日志）：</source>
        <translation>Note on the action taken (recorded in the audit log):</translation>
    </message>
</context>
<context>
    <name>AlertNotifier</name>
    <message>
        <source>CrisisDesk 预警</source>
        <translation>CrisisDesk alerts</translation>
    </message>
    <message>
        <source>{level}：{rule}</source>
        <translation>{level}: {rule}</translation>
    </message>
    <message>
        <source>（另有 {n} 条新预警）</source>
        <translation> ({n} more new alerts)</translation>
    </message>
</context>
<context>
    <name>AlertReason</name>
    <message>
        <source>蓝色</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>黄色</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>橙色</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>红色</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>统计时段</source>
        <translation>the counting window</translation>
    </message>
    <message>
        <source>最近{hours}小时</source>
        <translation>the last {hours} h</translation>
    </message>
    <message>
        <source>最近{minutes}分钟</source>
        <translation>the last {minutes} min</translation>
    </message>
    <message>
        <source>分级线：{marks}</source>
        <translation>Level thresholds: {marks}</translation>
    </message>
    <message>
        <source>{value} 分</source>
        <translation>{value} pts</translation>
    </message>
    <message>
        <source>{value} 条</source>
        <translation>{value} comments</translation>
    </message>
    <message>
        <source>{value} 次</source>
        <translation>{value} hits</translation>
    </message>
    <message>
        <source>预警指数：{score} 分</source>
        <translation>Warning index: {score} pts</translation>
    </message>
    <message>
        <source>评论量：{volume} 条；常态（同一时段的通常水平）：约 {expected} 条</source>
        <translation>Comments: {volume}; normal level (usual for this time of day): about {expected}</translation>
    </message>
    <message>
        <source>负面评论：{negative} 条，来自 {authors} 位用户、{accounts} 个账号、{platforms} 个平台</source>
        <translation>Negative comments: {negative}, from {authors} users on {accounts} accounts and {platforms} platforms</translation>
    </message>
    <message>
        <source>关注词命中：{hits} 次；超时未回复：{overdue} 条</source>
        <translation>Watch-word hits: {hits}; overdue without reply: {overdue}</translation>
    </message>
    <message>
        <source>{indicator} {value} 分</source>
        <translation>{indicator} {value} pts</translation>
    </message>
    <message>
        <source>各项得分：{parts}</source>
        <translation>Score by indicator: {parts}</translation>
    </message>
    <message>
        <source>{span}评论：{count} 条；常态预期：约 {expected} 条（过去 {days} 天同一时段）</source>
        <translation>Comments in {span}: {count}; normally expected: about {expected} (same period over the past {days} days)</translation>
    </message>
    <message>
        <source>为预期的 {ratio} 倍；偏离指数 {score}</source>
        <translation>{ratio} times the expected level; deviation score {score}</translation>
    </message>
    <message>
        <source>{span}评论：{count} 条</source>
        <translation>Comments in {span}: {count}</translation>
    </message>
    <message>
        <source>{span}评论：{total} 条，其中负面 {negative} 条，占 {share}</source>
        <translation>Comments in {span}: {total}, of which {negative} negative ({share})</translation>
    </message>
    <message>
        <source>{span}关注词命中：{hits} 次</source>
        <translation>Watch-word hits in {span}: {hits}</translation>
    </message>
    <message>
        <source>评论波次：#{wave}（可在“危机事件”的评论波次列表中选中并关联全部评论）</source>
        <translation>Comment wave: #{wave} (select it in the comment wave list under &quot;Incidents&quot; to link all its comments)</translation>
    </message>
    <message>
        <source>相似评论：{size} 条，来自 {authors} 个不同账号</source>
        <translation>Similar comments: {size}, from {authors} different accounts</translation>
    </message>
    <message>
        <source>首见时间：{time}</source>
        <translation>First seen: {time}</translation>
    </message>
    <message>
        <source>观测值：{value}</source>
        <translation>Observed value: {value}</translation>
    </message>
    <message>
        <source>观测值：{value}；基准：{baseline}</source>
        <translation>Observed value: {value}; baseline: {baseline}</translation>
    </message>
    <message>
        <source>依据数据：</source>
        <translation>Supporting figures:</translation>
    </message>
    <message>
        <source>确认：{who} {time} {note}</source>
        <translation>Acknowledged: {who} {time} {note}</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>已升级为危机事件 #{id}</source>
        <translation>Escalated to incident #{id}</translation>
    </message>
</context>
<context>
    <name>AlertsData</name>
    <message>
        <source>预警规则“{rule}”的参数有误：{error}</source>
        <translation>The settings of alert rule &quot;{rule}&quot; are not valid: {error}</translation>
    </message>
    <message>
        <source>（已关联）</source>
        <translation> (linked)</translation>
    </message>
    <message>
        <source>#{id} · {size} 条 · {authors} 个账号 · {sample}{done}</source>
        <translation>#{id} · {size} comments · {authors} accounts · {sample}{done}</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>%m月%d日 %H:%M</source>
        <translation>%d %b %H:%M</translation>
    </message>
</context>
<context>
    <name>AuthorizeDialog</name>
    <message>
        <source>授权{platform}账号“{name}”</source>
        <translation>Authorise {platform} account &quot;{name}&quot;</translation>
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
        <translation>The authorisation page address appears here after you click &quot;Authorise in the browser&quot;</translation>
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
    <name>CommentDetailPanel</name>
    <message>
        <source>在左侧列表中选择一条评论，即可在此查看全文。</source>
        <translation>Select a comment in the list to read it in full here.</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
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
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>波次/事件/标签</source>
        <translation>Wave / incident / tags</translation>
    </message>
    <message>
        <source>所属内容</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>会话</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>同一作者</source>
        <translation>Same author</translation>
    </message>
    <message>
        <source>分析依据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>操作记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>{name} 正在起草回复</source>
        <translation>{name} is drafting a reply</translation>
    </message>
    <message>
        <source>{name} 正在查看</source>
        <translation>{name} is viewing</translation>
    </message>
    <message>
        <source>（已人工更正）</source>
        <translation> (corrected)</translation>
    </message>
    <message>
        <source>{s}{sc}（得分 {score:+.2f}，置信度 {conf:.0%}） / {i}{ic}</source>
        <translation>{s}{sc} (score {score:+.2f}, confidence {conf:.0%}) / {i}{ic}</translation>
    </message>
    <message>
        <source>较高</source>
        <translation>high</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>urgent</translation>
    </message>
    <message>
        <source>，优先级：{p}</source>
        <translation>, priority: {p}</translation>
    </message>
    <message>
        <source>，回复时限 {due}</source>
        <translation>, reply due {due}</translation>
    </message>
    <message>
        <source>未分派</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>集中发帖波次 #{id}，共 {n} 条</source>
        <translation>Copy-paste wave #{id}, {n} comments</translation>
    </message>
    <message>
        <source>事件 #{id}</source>
        <translation>Incident #{id}</translation>
    </message>
    <message>
        <source>标签：{tags}</source>
        <translation>Tags: {tags}</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>（未关联到具体内容）</source>
        <translation>(not linked to a post)</translation>
    </message>
    <message>
        <source>上一层评论：</source>
        <translation>Parent comment:</translation>
    </message>
    <message>
        <source>本条：</source>
        <translation>This comment:</translation>
    </message>
    <message>
        <source>网友的回复（{n} 条）：</source>
        <translation>Replies from the public ({n}):</translation>
    </message>
    <message>
        <source>该作者此前没有其他评论。</source>
        <translation>No earlier comments by this author.</translation>
    </message>
    <message>
        <source>关键词：{k}</source>
        <translation>Keywords: {k}</translation>
    </message>
    <message>
        <source>意图依据：{e}</source>
        <translation>Intent evidence: {e}</translation>
    </message>
    <message>
        <source>关注词命中：{h}</source>
        <translation>Watch-word hits: {h}</translation>
    </message>
    <message>
        <source>{name}：{values}</source>
        <translation>{name}: {values}</translation>
    </message>
    <message>
        <source>规范化文本：</source>
        <translation>Normalised text:</translation>
    </message>
    <message>
        <source>尚无回复。</source>
        <translation>No replies yet.</translation>
    </message>
    <message>
        <source>尚无操作记录。</source>
        <translation>No actions recorded yet.</translation>
    </message>
</context>
<context>
    <name>DateAxis</name>
    <message>
        <source>{y}年</source>
        <translation>{y}</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>{m}</translation>
    </message>
    <message>
        <source>{d}日</source>
        <translation>{d}</translation>
    </message>
    <message>
        <source>{m}月{d}日</source>
        <translation>{m}/{d}</translation>
    </message>
</context>
<context>
    <name>EscalateDialog</name>
    <message>
        <source>升级为危机事件</source>
        <translation>Escalate to incident</translation>
    </message>
    <message>
        <source>处置说明（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>事件标题</source>
        <translation>Incident title</translation>
    </message>
    <message>
        <source>#{id} {title} · {grade} · {status}</source>
        <translation>#{id} {title} · {grade} · {status}</translation>
    </message>
    <message>
        <source>新建危机事件</source>
        <translation>Open a new incident</translation>
    </message>
    <message>
        <source>并入已有事件</source>
        <translation>Attach to an open incident</translation>
    </message>
    <message>
        <source>事件等级</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>并入事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>当前没有未结束的危机事件。</source>
        <translation>There are no open incidents.</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
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
        <source>{label}{mark}：</source>
        <translation>{label}{mark}:</translation>
    </message>
    <message>
        <source>预览（前 {n} 行，按上面的对应关系读取）</source>
        <translation>Preview (first {n} rows, read with the mapping above)</translation>
    </message>
    <message>
        <source>导入到哪个账号；输入新名称将新建一个“文件导入”账号</source>
        <translation>The account to import into; a new name creates a &quot;File import&quot; account</translation>
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
        <source>“{field}”</source>
        <translation>&quot;{field}&quot;</translation>
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
    <name>InboxDetail</name>
    <message>
        <source>分派</source>
        <translation>assigned</translation>
    </message>
    <message>
        <source>设置优先级</source>
        <translation>set priority</translation>
    </message>
    <message>
        <source>标记为已办结</source>
        <translation>marked done</translation>
    </message>
    <message>
        <source>标记为已忽略</source>
        <translation>marked ignored</translation>
    </message>
    <message>
        <source>标记为垃圾信息</source>
        <translation>marked spam</translation>
    </message>
    <message>
        <source>标记为处理中</source>
        <translation>marked in progress</translation>
    </message>
    <message>
        <source>重新打开</source>
        <translation>reopened</translation>
    </message>
    <message>
        <source>关联事件</source>
        <translation>linked to incident</translation>
    </message>
    <message>
        <source>取消关联事件</source>
        <translation>unlinked from incident</translation>
    </message>
    <message>
        <source>更正情感</source>
        <translation>corrected sentiment</translation>
    </message>
    <message>
        <source>更正意图</source>
        <translation>corrected intent</translation>
    </message>
    <message>
        <source>加标签</source>
        <translation>tagged</translation>
    </message>
    <message>
        <source>去标签</source>
        <translation>untagged</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>undid</translation>
    </message>
    <message>
        <source>起草回复</source>
        <translation>drafted a reply</translation>
    </message>
    <message>
        <source>提交审核</source>
        <translation>submitted for review</translation>
    </message>
    <message>
        <source>批准回复</source>
        <translation>approved the reply</translation>
    </message>
    <message>
        <source>退回回复</source>
        <translation>returned the reply</translation>
    </message>
    <message>
        <source>修改回复</source>
        <translation>edited the reply</translation>
    </message>
    <message>
        <source>开始发送</source>
        <translation>started sending</translation>
    </message>
    <message>
        <source>回复已发送</source>
        <translation>reply sent</translation>
    </message>
    <message>
        <source>回复发送失败</source>
        <translation>sending failed</translation>
    </message>
    <message>
        <source>发送中断</source>
        <translation>sending interrupted</translation>
    </message>
    <message>
        <source>[{time}] {author}：{text}</source>
        <translation>[{time}] {author}: {text}</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} comments</translation>
    </message>
    <message>
        <source>（{notes}）</source>
        <translation> ({notes})</translation>
    </message>
    <message>
        <source>#{id} {state}  起草于 {at}</source>
        <translation>#{id} {state}  drafted {at}</translation>
    </message>
    <message>
        <source>审核意见：{note}</source>
        <translation>Review note: {note}</translation>
    </message>
    <message>
        <source>失败原因：{error}</source>
        <translation>Reason: {error}</translation>
    </message>
    <message>
        <source>发送时间：{at}</source>
        <translation>Sent: {at}</translation>
    </message>
</context>
<context>
    <name>InboxFilterBar</name>
    <message>
        <source>搜索评论全文（两个字以上；多个词以空格分隔，短语加引号）  / 或 Ctrl+F</source>
        <translation>Search comments (2+ characters; words separated by spaces, phrases in quotes)  / or Ctrl+F</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>存为视图…</source>
        <translation>Save as view…</translation>
    </message>
    <message>
        <source>全部账号</source>
        <translation>All accounts</translation>
    </message>
    <message>
        <source>全部平台</source>
        <translation>All platforms</translation>
    </message>
    <message>
        <source>全部情感</source>
        <translation>All sentiments</translation>
    </message>
    <message>
        <source>全部意图</source>
        <translation>All intents</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>待处理（未处理/处理中）</source>
        <translation>Open (new / in progress)</translation>
    </message>
    <message>
        <source>全部承办人</source>
        <translation>All assignees</translation>
    </message>
    <message>
        <source>分派给我</source>
        <translation>Assigned to me</translation>
    </message>
    <message>
        <source>未分派</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>全部时间</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>近 1 小时</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>近 24 小时</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>近 7 天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>近 30 天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>自定义日期…</source>
        <translation>Custom dates…</translation>
    </message>
    <message>
        <source>全部关注词</source>
        <translation>All watch-words</translation>
    </message>
    <message>
        <source>命中任一关注词</source>
        <translation>Any watch-word hit</translation>
    </message>
    <message>
        <source>不限波次</source>
        <translation>Any wave</translation>
    </message>
    <message>
        <source>仅集中发帖</source>
        <translation>Copy-paste waves only</translation>
    </message>
    <message>
        <source>全部事件</source>
        <translation>All incidents</translation>
    </message>
    <message>
        <source>排序</source>
        <translation>Sort</translation>
    </message>
    <message>
        <source>波次 #{id}（{n} 条）</source>
        <translation>Wave #{id} ({n})</translation>
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
        <source>关注词</source>
        <translation>Watch-words</translation>
    </message>
    <message>
        <source>波次</source>
        <translation>Wave</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>剩余时限</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>{d} 天 {h} 小时</source>
        <translation>{d} d {h} h</translation>
    </message>
    <message>
        <source>{h} 小时 {m} 分</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{m} 分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>超时 {span}</source>
        <translation>{span} overdue</translation>
    </message>
    <message>
        <source>剩 {span}</source>
        <translation>{span} left</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <source>没有符合条件的评论。
可更换视图或清除筛选后再看。</source>
        <translation>No comments match.
Choose another view or clear the filters.</translation>
    </message>
    <message>
        <source>暂无评论。
同步已接入的账号、导入评论文件或运行演练场景后，评论将显示在这里。</source>
        <translation>No comments yet.
They appear here once connected accounts are synced, a comment file is imported or a drill scenario is run.</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>回复（R）</source>
        <translation>Reply (R)</translation>
    </message>
    <message>
        <source>已载入 {shown} 条，正在统计总数……</source>
        <translation>{shown} loaded; counting…</translation>
    </message>
    <message>
        <source>共 {total} 条评论，已载入 {shown} 条</source>
        <translation>{total} comments, {shown} loaded</translation>
    </message>
    <message>
        <source>只看此波次（{n} 条）</source>
        <translation>Show only this wave ({n})</translation>
    </message>
    <message>
        <source>请先选择要回复的评论。</source>
        <translation>Please select the comment to reply to first.</translation>
    </message>
    <message>
        <source>操作未执行：{text}
列表已刷新为最新状态。</source>
        <translation>Not done: {text}
The list now shows the latest state.</translation>
    </message>
</context>
<context>
    <name>InboxPreview</name>
    <message>
        <source>正在打开工作区，片刻后即可筛选、查看详情和回复。</source>
        <translation>Opening the workspace; filtering, details and replies will be available in a moment.</translation>
    </message>
    <message>
        <source>正在打开工作区……</source>
        <translation>Opening the workspace…</translation>
    </message>
</context>
<context>
    <name>InboxReplyOps</name>
    <message>
        <source>按本单位规定，您的回复需经审核后才能发送。</source>
        <translation>Under office rules, your reply must be reviewed before it can be sent.</translation>
    </message>
    <message>
        <source>请点击“提交审核”。</source>
        <translation>Please click &quot;Submit for review&quot;.</translation>
    </message>
    <message>
        <source>您没有审核回复的权限。</source>
        <translation>You do not have permission to review replies.</translation>
    </message>
    <message>
        <source>需要审核岗、舆情应急岗或管理员。</source>
        <translation>This requires the reviewer, crisis lead or administrator role.</translation>
    </message>
    <message>
        <source>回复 {id} 不存在。</source>
        <translation>Reply {id} does not exist.</translation>
    </message>
    <message>
        <source>这条回复当前为“{state}”，已不在待审核状态。</source>
        <translation>This reply is now &quot;{state}&quot; and is no longer awaiting review.</translation>
    </message>
    <message>
        <source>可能已由其他审核人处理，请刷新。</source>
        <translation>Another reviewer may already have dealt with it; please refresh.</translation>
    </message>
</context>
<context>
    <name>IncidentsView</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>建立时间</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>关联评论</source>
        <translation>Linked comments</translation>
    </message>
    <message>
        <source>建立</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>首次回复</source>
        <translation>First reply</translation>
    </message>
    <message>
        <source>声明</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>发布会</source>
        <translation>Press conference</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>预警等级</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <source>危机模式</source>
        <translation>Crisis mode</translation>
    </message>
    <message>
        <source>%m月%d日 %H:%M</source>
        <translation>%d %b %H:%M</translation>
    </message>
    <message>
        <source>{label}：已于 {time} 完成</source>
        <translation>{label}: completed on {time}</translation>
    </message>
    <message>
        <source>{h}小时{m:02d}分{s:02d}秒</source>
        <translation>{h} h {m:02d} min {s:02d} s</translation>
    </message>
    <message>
        <source>{label}：已超时 {span}</source>
        <translation>{label}: overdue by {span}</translation>
    </message>
    <message>
        <source>{label}：剩余 {span}</source>
        <translation>{label}: {span} left</translation>
    </message>
    <message>
        <source>暂无危机事件。
可从预警中心将预警升级为事件，或点击“新建事件”手动建立。</source>
        <translation>No incidents.
Escalate an alert from the alert centre, or click &quot;New incident&quot; to open one by hand.</translation>
    </message>
    <message>
        <source>显示已结束</source>
        <translation>Show closed</translation>
    </message>
    <message>
        <source>新建事件(&amp;N)…</source>
        <translation>&amp;New incident…</translation>
    </message>
    <message>
        <source>变更状态</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>负责人用户名</source>
        <translation>Owner&apos;s user name</translation>
    </message>
    <message>
        <source>填写备注，回车记入时间线</source>
        <translation>Type a note; Enter adds it to the timeline</translation>
    </message>
    <message>
        <source>记录发布声明…</source>
        <translation>Record statement…</translation>
    </message>
    <message>
        <source>记录新闻发布会…</source>
        <translation>Record press conference…</translation>
    </message>
    <message>
        <source>记录首次回复</source>
        <translation>Record first reply</translation>
    </message>
    <message>
        <source>近 24 小时内相同或高度相似的评论（疑似水军波次），按条数排列</source>
        <translation>Identical or near-identical comments in the last 24 hours (suspected coordinated waves), largest first</translation>
    </message>
    <message>
        <source>关联该波次全部评论</source>
        <translation>Link every comment of this wave</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>评论波次</source>
        <translation>Comment waves</translation>
    </message>
    <message>
        <source>危机模式：未启动</source>
        <translation>Crisis mode: off</translation>
    </message>
    <message>
        <source>启动危机模式…</source>
        <translation>Start crisis mode…</translation>
    </message>
    <message>
        <source>危机模式运行中，启动人：{who}</source>
        <translation>Crisis mode on, started by {who}</translation>
    </message>
    <message>
        <source>解除危机模式…</source>
        <translation>Lift crisis mode…</translation>
    </message>
    <message>
        <source>请选择一个事件。</source>
        <translation>Select an incident.</translation>
    </message>
    <message>
        <source>近 24 小时没有相似评论波次</source>
        <translation>No waves of similar comments in the last 24 hours</translation>
    </message>
    <message>
        <source>此事件没有响应时限。</source>
        <translation>This incident has no response deadlines.</translation>
    </message>
    <message>
        <source>新建危机事件</source>
        <translation>New incident</translation>
    </message>
    <message>
        <source>事件标题：</source>
        <translation>Incident title:</translation>
    </message>
    <message>
        <source>记录新闻发布会</source>
        <translation>Record press conference</translation>
    </message>
    <message>
        <source>记录发布声明</source>
        <translation>Record statement</translation>
    </message>
    <message>
        <source>内容摘要：</source>
        <translation>Summary:</translation>
    </message>
    <message>
        <source>启动危机模式</source>
        <translation>Start crisis mode</translation>
    </message>
    <message>
        <source>启动原因（将暂停全部定时发布和互动活动）：</source>
        <translation>Reason (all scheduled posts and activities will be paused):</translation>
    </message>
    <message>
        <source>解除危机模式</source>
        <translation>Lift crisis mode</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Note:</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>场景</source>
        <translation>Scenarios</translation>
    </message>
    <message>
        <source>平台版本</source>
        <translation>Platform versions</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Visibility</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>
标签：</source>
        <translation>
Tags: </translation>
    </message>
    <message>
        <source>通用</source>
        <translation>Common</translation>
    </message>
    <message>
        <source>仅本人</source>
        <translation>Only me</translation>
    </message>
    <message>
        <source>小组：{team}</source>
        <translation>Team: {team}</translation>
    </message>
    <message>
        <source>全单位</source>
        <translation>Whole office</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>第 {n} 版待审核</source>
        <translation>Version {n} awaiting review</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CrisisDesk 工作区 (*.sqlite3 *.sqlite *.db)</source>
        <translation>CrisisDesk workspaces (*.sqlite3 *.sqlite *.db)</translation>
    </message>
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
        <source>账号管理</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>正在打开工作区……</source>
        <translation>Opening the workspace…</translation>
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
        <source>导入评论文件…</source>
        <translation>Import comment file…</translation>
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
        <source>预警提示音</source>
        <translation>Alert Sound</translation>
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
        <source>来自趋势图</source>
        <translation>From the trends chart</translation>
    </message>
    <message>
        <source>CrisisDesk {version}
政务新媒体互动与舆情应对工作台

评论收件箱、回复模板、趋势预警与活动策划；数据保存在本单位的数据库中。</source>
        <translation>CrisisDesk {version}
Public-affairs social media interaction and crisis response console

Comment inbox, reply templates, trends and early warning, activity planning; all data stays in your office&apos;s own database.</translation>
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
    <name>OfficeValuesDialog</name>
    <message>
        <source>本单位变量</source>
        <translation>Office values</translation>
    </message>
    <message>
        <source>这些取值用于所有模板的预览和回复，例如 {联系电话}。留空的变量在回复前须补充。</source>
        <translation>These values are used by every template preview and reply, e.g. {联系电话}. Variables left empty must be filled in before replying.</translation>
    </message>
    <message>
        <source>如：{sample}</source>
        <translation>e.g. {sample}</translation>
    </message>
</context>
<context>
    <name>PreviewBox</name>
    <message>
        <source>不针对具体评论（只用本单位变量）</source>
        <translation>No particular comment (office values only)</translation>
    </message>
    <message>
        <source>预览将在这里显示实际发出的回复。</source>
        <translation>The preview shows the reply exactly as it would be sent.</translation>
    </message>
    <message>
        <source>本单位变量…</source>
        <translation>Office values…</translation>
    </message>
    <message>
        <source>填写联系电话、办理单位等全单位通用的取值（管理员）</source>
        <translation>Fill in office-wide values such as the phone number and handling unit (admins)</translation>
    </message>
    <message>
        <source>预览针对评论：</source>
        <translation>Preview for comment:</translation>
    </message>
    <message>
        <source>{platform} · {author}：{text}</source>
        <translation>{platform} · {author}: {text}</translation>
    </message>
    <message>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>共 {n} 字，上限 {limit} 字</source>
        <translation>{n} characters, limit {limit}</translation>
    </message>
    <message>
        <source>共 {n} 字</source>
        <translation>{n} characters</translation>
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
        <translation>Remove {platform} account &quot;{name}&quot;? Its authorisation will also be deleted from the system keyring.</translation>
    </message>
    <message>
        <source>同时删除其评论（共 {n} 条，删除后无法恢复）</source>
        <translation>Also delete its comments ({n}; this cannot be undone)</translation>
    </message>
    <message>
        <source>该账号下有评论。如只想停止同步，请改用“暂停”。</source>
        <translation>This account has comments. To stop synchronising only, use &quot;Pause&quot; instead.</translation>
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
    <name>ReplyActionsBox</name>
    <message>
        <source>审核意见（退回时必填，撰写人可见）</source>
        <translation>Review note (required when returning; the author sees it)</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>批准并发送</source>
        <translation>Approve and send</translation>
    </message>
    <message>
        <source>退回修改</source>
        <translation>Return for changes</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>待审核的回复 #{id}</source>
        <translation>Reply #{id} awaiting review</translation>
    </message>
    <message>
        <source>回复 #{id}：{state}</source>
        <translation>Reply #{id}: {state}</translation>
    </message>
    <message>
        <source>等待审核人处理。</source>
        <translation>Waiting for a reviewer.</translation>
    </message>
    <message>
        <source>已退回撰写人修改。审核意见：{note}</source>
        <translation>Returned to the author. Review note: {note}</translation>
    </message>
    <message>
        <source>已批准。</source>
        <translation>Approved.</translation>
    </message>
    <message>
        <source>已退回撰写人：{note}</source>
        <translation>Returned to the author: {note}</translation>
    </message>
</context>
<context>
    <name>ReplyComposer</name>
    <message>
        <source>按名称或字词查找模板</source>
        <translation>Find templates by name or words</translation>
    </message>
    <message>
        <source>插入模板</source>
        <translation>Insert template</translation>
    </message>
    <message>
        <source>推荐模板（按与本条评论的契合度）</source>
        <translation>Suggested templates (best fit for this comment first)</translation>
    </message>
    <message>
        <source>在此撰写回复，或从左侧插入模板。</source>
        <translation>Write the reply here, or insert a template from the left.</translation>
    </message>
    <message>
        <source>已核对上述关注词，确认措辞妥当</source>
        <translation>I have checked the watch-words above; the wording is appropriate</translation>
    </message>
    <message>
        <source>提交审核</source>
        <translation>Submit for review</translation>
    </message>
    <message>
        <source>直接发送</source>
        <translation>Send now</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>回复 {author}（{platform}）</source>
        <translation>Reply to {author} ({platform})</translation>
    </message>
    <message>
        <source>审核人退回了您的回复：{note}。修改后可再次提交。</source>
        <translation>A reviewer returned your reply: {note}. Edit it and submit again.</translation>
    </message>
    <message>
        <source>提交给审核人，审核通过后发送。</source>
        <translation>Send to a reviewer; it goes out once approved.</translation>
    </message>
    <message>
        <source>（无具体理由）</source>
        <translation>(no specific reason)</translation>
    </message>
    <message>
        <source>理由：{reasons}</source>
        <translation>Reasons: {reasons}</translation>
    </message>
    <message>
        <source>暂无推荐，请在下方按名称查找。</source>
        <translation>No suggestions; search by name below.</translation>
    </message>
    <message>
        <source>请填写</source>
        <translation>Please fill in</translation>
    </message>
    <message>
        <source>{n} 字</source>
        <translation>{n} characters</translation>
    </message>
    <message>
        <source>{n} / {limit} 字</source>
        <translation>{n} / {limit} characters</translation>
    </message>
    <message>
        <source>超出平台每条 {limit} 字的限制，请删减 {n} 字。</source>
        <translation>Over the platform&apos;s limit of {limit} characters per reply; remove {n}.</translation>
    </message>
    <message>
        <source>含关注词/敏感词：{w}</source>
        <translation>Contains watch-words / sensitive words: {w}</translation>
    </message>
    <message>
        <source>已提交审核，审核通过后即可发送。</source>
        <translation>Submitted for review; it can be sent once approved.</translation>
    </message>
</context>
<context>
    <name>RuleEditor</name>
    <message>
        <source>统计窗口（分钟）</source>
        <translation>Window (minutes)</translation>
    </message>
    <message>
        <source>阈值（蓝色线）</source>
        <translation>Threshold (blue line)</translation>
    </message>
    <message>
        <source>最低评论量（窗口内）</source>
        <translation>Minimum comments in the window</translation>
    </message>
    <message>
        <source>灵敏度（得分阈值，越小越灵敏）</source>
        <translation>Sensitivity (score threshold; lower is more sensitive)</translation>
    </message>
    <message>
        <source>最小倍数（相对预期）</source>
        <translation>Minimum ratio to expected</translation>
    </message>
    <message>
        <source>最低评论量（每 15 分钟）</source>
        <translation>Minimum comments per 15 minutes</translation>
    </message>
    <message>
        <source>最低量（相对平常窗口量）</source>
        <translation>Minimum level (relative to usual window count)</translation>
    </message>
    <message>
        <source>最少相似评论数</source>
        <translation>Minimum similar comments</translation>
    </message>
    <message>
        <source>最少账号数</source>
        <translation>Minimum accounts</translation>
    </message>
    <message>
        <source>蓝色</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>黄色</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>橙色</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>红色</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>启用此规则</source>
        <translation>Rule enabled</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>规则参数</source>
        <translation>Rule settings</translation>
    </message>
    <message>
        <source>保存规则(&amp;S)</source>
        <translation>&amp;Save rule</translation>
    </message>
    <message>
        <source>回测（近 30 天）(&amp;B)</source>
        <translation>&amp;Backtest (last 30 days)</translation>
    </message>
    <message>
        <source>用当前参数在已存储的历史数据上运行此规则，显示会在何时触发</source>
        <translation>Run this rule with the current settings over the stored history and show when it would have fired</translation>
    </message>
    <message>
        <source>触发时间</source>
        <translation>Fired at</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>观测值</source>
        <translation>Observed</translation>
    </message>
    <message>
        <source>基准</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>冷却时间</source>
        <translation>Cooldown</translation>
    </message>
    <message>
        <source>（停用）</source>
        <translation> (disabled)</translation>
    </message>
    <message>
        <source>负面占比阈值（蓝色线）</source>
        <translation>Negative share threshold (blue line)</translation>
    </message>
    <message>
        <source>权重：{name}</source>
        <translation>Weight: {name}</translation>
    </message>
    <message>
        <source>{level}预警线（指数）</source>
        <translation>{level} line (index)</translation>
    </message>
    <message>
        <source>规则“{label}”已保存。</source>
        <translation>Rule &quot;{label}&quot; saved.</translation>
    </message>
    <message>
        <source>正在回测……</source>
        <translation>Backtesting…</translation>
    </message>
    <message>
        <source>回测区间 {start} 至 {end}：此规则将触发 {n} 次，最高等级：{level}。</source>
        <translation>Backtest {start} to {end}: this rule would fire {n} times; highest level: {level}.</translation>
    </message>
</context>
<context>
    <name>SavedViewsList</name>
    <message>
        <source>视图</source>
        <translation>Views</translation>
    </message>
    <message>
        <source>全部评论</source>
        <translation>All comments</translation>
    </message>
    <message>
        <source>自定义视图</source>
        <translation>Custom view</translation>
    </message>
    <message>
        <source>存为视图</source>
        <translation>Save as view</translation>
    </message>
    <message>
        <source>视图名称（仅自己可见）：</source>
        <translation>View name (visible to you only):</translation>
    </message>
</context>
<context>
    <name>SendStatus</name>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>已发送（{at}）</source>
        <translation>Sent ({at})</translation>
    </message>
    <message>
        <source>发送失败：{reason}</source>
        <translation>Sending failed: {reason}</translation>
    </message>
    <message>
        <source>原因不明</source>
        <translation>reason unknown</translation>
    </message>
    <message>
        <source>发送中……</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>未发送：{reason}</source>
        <translation>Not sent: {reason}</translation>
    </message>
    <message>
        <source>发送失败，详情已记入日志。</source>
        <translation>Sending failed; details are in the log.</translation>
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
        <source>{n} 个正常</source>
        <translation>{n} OK</translation>
    </message>
    <message>
        <source>{n} 个异常</source>
        <translation>{n} with problems</translation>
    </message>
    <message>
        <source>{n} 个已暂停</source>
        <translation>{n} paused</translation>
    </message>
    <message>
        <source>{n} 个尚未同步</source>
        <translation>{n} not synced yet</translation>
    </message>
    <message>
        <source>账号同步：{parts}（共 {total} 个）</source>
        <translation>Accounts: {parts} ({total} in all)</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{level}（待确认）</source>
        <translation>{level} (not yet acknowledged)</translation>
    </message>
    <message>
        <source>尚未确认的预警中级别最高者。在“趋势与预警”的“预警中心”确认后解除。</source>
        <translation>The gravest alert not yet acknowledged. It clears once acknowledged in the Alert centre of Trends and Warnings.</translation>
    </message>
    <message>
        <source>没有尚未确认的预警。</source>
        <translation>No alert is waiting to be acknowledged.</translation>
    </message>
    <message>
        <source>事件 #{id} {countdown}</source>
        <translation>Incident #{id} {countdown}</translation>
    </message>
</context>
<context>
    <name>SyncRunner</name>
    <message>
        <source>同步：尚未接入在线账号</source>
        <translation>Sync: no online accounts connected yet</translation>
    </message>
    <message>
        <source>同步：{n} 个账号正常</source>
        <translation>Sync: {n} account(s) working normally</translation>
    </message>
    <message>
        <source>{n} 个账号{label}</source>
        <translation>{label}: {n} account(s)</translation>
    </message>
    <message>
        <source>{n} 个{label}</source>
        <translation>{label}: {n}</translation>
    </message>
    <message>
        <source>同步：</source>
        <translation>Sync: </translation>
    </message>
    <message>
        <source>，</source>
        <translation>; </translation>
    </message>
    <message>
        <source>（{n} 个账号授权即将到期）</source>
        <translation> ({n} account authorisation(s) expiring soon)</translation>
    </message>
    <message>
        <source>同步未能启动：{error}</source>
        <translation>Sync could not start: {error}</translation>
    </message>
</context>
<context>
    <name>TemplateDiff</name>
    <message>
        <source>[{platform}版本]</source>
        <translation>[{platform} version]</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>例如：停水抢修进展说明</source>
        <translation>e.g. Water outage repair progress</translation>
    </message>
    <message>
        <source>检索与推荐用的关键词，用顿号分隔，如：停水、抢修</source>
        <translation>Keywords for search and suggestions, separated by 、, e.g. 停水、抢修</translation>
    </message>
    <message>
        <source>适用的事件类型或诉求，如：服务故障、投诉</source>
        <translation>Crisis types or requests it fits, e.g. 服务故障、投诉</translation>
    </message>
    <message>
        <source>共享给本单位</source>
        <translation>Shared with the office</translation>
    </message>
    <message>
        <source>仅限某一小组时填写</source>
        <translation>Only when limited to one team</translation>
    </message>
    <message>
        <source>本模板自有的变量及默认值，如：活动时间=本周六</source>
        <translation>This template&apos;s own variables and defaults, e.g. 活动时间=本周六</translation>
    </message>
    <message>
        <source>小组：</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>分类：</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>标签：</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>场景标签：</source>
        <translation>Scenario tags:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Visibility:</translation>
    </message>
    <message>
        <source>自有变量：</source>
        <translation>Own variables:</translation>
    </message>
    <message>
        <source>回复正文。变量写作 {用户昵称} 或 {用户昵称|网友}，引用其他模板写作 {&gt;标准结束语}。</source>
        <translation>Reply text. Write variables as {用户昵称} or {用户昵称|网友}; include another template with {&gt;标准结束语}.</translation>
    </message>
    <message>
        <source>留空则在{platform}使用通用正文。</source>
        <translation>Leave empty to use the common text on {platform}.</translation>
    </message>
    <message>
        <source>通用正文</source>
        <translation>Common text</translation>
    </message>
    <message>
        <source>插入变量</source>
        <translation>Insert variable</translation>
    </message>
    <message>
        <source>修改说明（记入版本历史），如：补充办理时限</source>
        <translation>Change note (kept in the version history), e.g. added the time limit</translation>
    </message>
    <message>
        <source>保存为新版本</source>
        <translation>Save as new version</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）：正文有改动时生成新版本，原有版本保留</source>
        <translation>Save (Ctrl+S): changed text makes a new version; earlier versions are kept</translation>
    </message>
    <message>
        <source>创建模板</source>
        <translation>Create template</translation>
    </message>
    <message>
        <source>新模板：保存后生成第 1 版。</source>
        <translation>New template: saving creates version 1.</translation>
    </message>
    <message>
        <source>该模板已停用：可查看历史，恢复后才能编辑。</source>
        <translation>This template is retired: its history can be viewed; restore it to edit.</translation>
    </message>
    <message>
        <source>正在编辑第 {n} 版；正文有改动时保存为第 {m} 版。</source>
        <translation>Editing version {n}; changed text is saved as version {m}.</translation>
    </message>
    <message>
        <source>已输入 {n} 字（不含变量展开）</source>
        <translation>{n} characters typed (variables not expanded)</translation>
    </message>
    <message>
        <source>{platform}版本</source>
        <translation>{platform} version</translation>
    </message>
    <message>
        <source>{name}（约 {n}/{limit} 字）</source>
        <translation>{name} (about {n}/{limit} characters)</translation>
    </message>
    <message>
        <source>自有变量：“{part}”应写作 名称=默认值</source>
        <translation>Own variables: &quot;{part}&quot; should be written as name=default</translation>
    </message>
    <message>
        <source>未发现问题。</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>{where} 第 {line} 行第 {column} 列：{message}</source>
        <translation>{where}, line {line}, column {column}: {message}</translation>
    </message>
    <message>
        <source>自有变量的写法有误，请按“名称=默认值”填写后再保存。</source>
        <translation>The own variables are malformed; write them as name=default before saving.</translation>
    </message>
    <message>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存：“{name}”当前为第 {n} 版。</source>
        <translation>Saved: &quot;{name}&quot; is now at version {n}.</translation>
    </message>
    <message>
        <source>保存未完成。</source>
        <translation>The template was not saved.</translation>
    </message>
</context>
<context>
    <name>TemplateImportDialog</name>
    <message>
        <source>正文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>变量</source>
        <translation>Variables</translation>
    </message>
    <message>
        <source>本工作区（第 {number} 版）</source>
        <translation>This workspace (version {number})</translation>
    </message>
    <message>
        <source>文件 {name}</source>
        <translation>File {name}</translation>
    </message>
    <message>
        <source>导入模板库</source>
        <translation>Import template library</translation>
    </message>
    <message>
        <source>尚未选择文件。</source>
        <translation>No file chosen yet.</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>同名但内容不同的模板（导入前请逐一查看差异）：</source>
        <translation>Templates with the same name but different text (review each difference before importing):</translation>
    </message>
    <message>
        <source>跳过这些模板，保留本工作区的内容</source>
        <translation>Skip these templates and keep this workspace&apos;s text</translation>
    </message>
    <message>
        <source>作为新版本导入：原有版本全部保留，新版本需重新审核</source>
        <translation>Import as new versions: all earlier versions are kept; the new versions need review</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>选择模板库文件</source>
        <translation>Choose a template library file</translation>
    </message>
    <message>
        <source>模板库文件 (*.yaml *.yml *.xlsx)</source>
        <translation>Template library files (*.yaml *.yml *.xlsx)</translation>
    </message>
    <message>
        <source>正在检查文件……</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>将新增 {n} 个模板。</source>
        <translation>{n} templates will be added.</translation>
    </message>
    <message>
        <source>内容与本工作区相同、不作改动 {n} 个。</source>
        <translation>{n} are identical to this workspace and stay unchanged.</translation>
    </message>
    <message>
        <source>同名但内容不同 {n} 个，请在下方选择处理方式。</source>
        <translation>{n} have the same name but different text; choose below how to handle them.</translation>
    </message>
    <message>
        <source>没有冲突。</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <source>新增：</source>
        <translation>Added: </translation>
    </message>
    <message>
        <source>无法读取该文件。</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>没有差异。</source>
        <translation>No differences.</translation>
    </message>
    <message>
        <source>导入完成：</source>
        <translation>Import finished: </translation>
    </message>
    <message>
        <source>导出模板库</source>
        <translation>Export template library</translation>
    </message>
    <message>
        <source>模板库.yaml</source>
        <translation>templates.yaml</translation>
    </message>
</context>
<context>
    <name>TemplatesData</name>
    <message>
        <source>回复共 {length} 字，超过 {limit} 字的限制。</source>
        <translation>The reply is {length} characters long, over the limit of {limit}.</translation>
    </message>
</context>
<context>
    <name>TemplatesPane</name>
    <message>
        <source>搜索名称、正文或标签（Ctrl+F）</source>
        <translation>Search name, text or tag (Ctrl+F)</translation>
    </message>
    <message>
        <source>显示已停用</source>
        <translation>Show retired</translation>
    </message>
    <message>
        <source>新建模板</source>
        <translation>New template</translation>
    </message>
    <message>
        <source>新建模板（Ctrl+Shift+N）</source>
        <translation>New template (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>导入 YAML 或 Excel 模板库；导入前列出冲突</source>
        <translation>Import a YAML or Excel library; conflicts are listed before importing</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>把本单位共享的模板导出为 YAML 或 Excel</source>
        <translation>Export the office&apos;s shared templates as YAML or Excel</translation>
    </message>
    <message>
        <source>没有符合条件的模板。</source>
        <translation>No templates match.</translation>
    </message>
    <message>
        <source>编辑与预览</source>
        <translation>Edit and preview</translation>
    </message>
    <message>
        <source>版本与审核</source>
        <translation>Versions and review</translation>
    </message>
    <message>
        <source>使用情况</source>
        <translation>Usage</translation>
    </message>
    <message>
        <source>试一试</source>
        <translation>Try it</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>当前：{name}（{roles}）</source>
        <translation>Signed in: {name} ({roles})</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>{label}（{n}）</source>
        <translation>{label} ({n})</translation>
    </message>
    <message>
        <source>共 {n} 个模板</source>
        <translation>{n} templates</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>当前模板有尚未保存的修改，确定放弃这些修改吗？</source>
        <translation>This template has unsaved changes. Discard them?</translation>
    </message>
    <message>
        <source>尚无审核通过的版本</source>
        <translation>No approved version yet</translation>
    </message>
    <message>
        <source>第 {n} 版已于 {when} 由 {who} 审核通过</source>
        <translation>Version {n} approved by {who} on {when}</translation>
    </message>
    <message>
        <source>最新第 {n} 版（共 {count} 个版本）</source>
        <translation>Latest: version {n} ({count} versions)</translation>
    </message>
    <message>
        <source>按本单位规定，回复只能使用审核通过的版本</source>
        <translation>By office policy, replies may only use approved versions</translation>
    </message>
    <message>
        <source>保存后生成第 1 版；按本单位规定可能需要审核后才能用于回复。</source>
        <translation>Saving creates version 1; office policy may require review before it can be used in replies.</translation>
    </message>
    <message>
        <source>已导出 {n} 个模板到 {file}</source>
        <translation>Exported {n} templates to {file}</translation>
    </message>
    <message>
        <source>暂无模板。
导入单位的回复口径库或新建模板并经审核后，模板将显示在这里。</source>
        <translation>No templates yet.
Templates appear here once the office&apos;s approved wording is imported, or new templates are written and approved.</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>reviewer</translation>
    </message>
</context>
<context>
    <name>TrendCharts</name>
    <message>
        <source>评论数</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>负面占比 %</source>
        <translation>Negative share %</translation>
    </message>
    <message>
        <source>预警指数</source>
        <translation>Warning index</translation>
    </message>
    <message>
        <source>正面</source>
        <translation>Positive</translation>
    </message>
    <message>
        <source>中性</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>负面</source>
        <translation>Negative</translation>
    </message>
    <message>
        <source>{rule}：{reason}</source>
        <translation>{rule}: {reason}</translation>
    </message>
    <message>
        <source>事件#{id}</source>
        <translation>Incident #{id}</translation>
    </message>
    <message>
        <source>危机事件 #{id}：{title}</source>
        <translation>Incident #{id}: {title}</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>突发度（log2 占比增幅）</source>
        <translation>Burst (log2 rise in share)</translation>
    </message>
    <message>
        <source>{word}：窗口内 {count} 条，基线 {baseline} 条，突发度 {burst:.2f}</source>
        <translation>{word}: {count} in the window, baseline {baseline}, burst {burst:.2f}</translation>
    </message>
    <message>
        <source>时段（时）</source>
        <translation>Hour of day</translation>
    </message>
    <message>
        <source>评论最多的时段：{day} {hour}时（{n} 条）</source>
        <translation>Busiest time: {day} {hour}:00 ({n} comments)</translation>
    </message>
    <message>
        <source>评论</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>{label}：{total} 条，负面 {negative} 条</source>
        <translation>{label}: {total} comments, {negative} negative</translation>
    </message>
    <message>
        <source>（{share:.0%}）</source>
        <translation> ({share:.0%})</translation>
    </message>
</context>
<context>
    <name>TrendsData</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>评论总量</source>
        <translation>Total comments</translation>
    </message>
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
        <source>负面占比(%)</source>
        <translation>Negative share (%)</translation>
    </message>
    <message>
        <source>关注词命中</source>
        <translation>Watch-word hits</translation>
    </message>
    <message>
        <source>预警指数(回算)</source>
        <translation>Warning index (recomputed)</translation>
    </message>
</context>
<context>
    <name>TrendsPane</name>
    <message>
        <source>1小时</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24小时</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>7天</source>
        <translation>7 d</translation>
    </message>
    <message>
        <source>30天</source>
        <translation>30 d</translation>
    </message>
    <message>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>应用</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>实时跟随(&amp;L)</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>每 10 秒读取新的统计数据，图表随时间推进</source>
        <translation>Read new figures every 10 seconds; the charts move on with time</translation>
    </message>
    <message>
        <source>导出图片…</source>
        <translation>Export image…</translation>
    </message>
    <message>
        <source>导出数据…</source>
        <translation>Export data…</translation>
    </message>
    <message>
        <source>所选时段没有评论统计数据。
评论同步或导入后，这里按时间显示评论量、负面占比和预警指数。</source>
        <translation>No comment figures for this period.
Once comments are synced or imported, volume, negative share and the warning index appear here over time.</translation>
    </message>
    <message>
        <source>各账号评论量（灰）与负面（红）</source>
        <translation>Comments (grey) and negative (red) per account</translation>
    </message>
    <message>
        <source>各平台评论量（灰）与负面（红）</source>
        <translation>Comments (grey) and negative (red) per platform</translation>
    </message>
    <message>
        <source>新兴热词（点击查看相关评论）</source>
        <translation>Emerging words (click to see the comments)</translation>
    </message>
    <message>
        <source>活跃时段（星期 × 小时）</source>
        <translation>Active hours (weekday × hour)</translation>
    </message>
    <message>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>热词与分布</source>
        <translation>Words and breakdowns</translation>
    </message>
    <message>
        <source>预警中心</source>
        <translation>Alert centre</translation>
    </message>
    <message>
        <source>危机事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>预警规则</source>
        <translation>Warning rules</translation>
    </message>
    <message>
        <source>读取所选时段评论 {n} 条，对比此前 {b} 条评论；突发度越高，表示该词近期占比上升越快。</source>
        <translation>Read {n} comments of the period against {b} before it; a higher burst means the word&apos;s share rose faster.</translation>
    </message>
    <message>
        <source>（评论较多，按最新评论抽样统计）</source>
        <translation> (many comments: the newest were sampled)</translation>
    </message>
    <message>
        <source>所选时段没有明显上升的词语。</source>
        <translation>No word rose notably in this period.</translation>
    </message>
    <message>
        <source>当前：{level}</source>
        <translation>Now: {level}</translation>
    </message>
    <message>
        <source> · 预警指数 {score:.0f}</source>
        <translation> · warning index {score:.0f}</translation>
    </message>
    <message>
        <source>{start} 至 {end}（每 {step} 分钟一点）：评论 {total} 条，负面 {neg} 条（{share}）。预警指数曲线按趋势数据回算（含评论量增长、负面占比、关注词三项），圆点为当前完整指数。点击图中色块可查看对应时段的评论。</source>
        <translation>{start} to {end} (one point every {step} min): {total} comments, {neg} negative ({share}). The index line is recomputed from the trend figures (growth, negative share, watch words); the dot is the full index now. Click an area to see those comments.</translation>
    </message>
    <message>
        <source>导出图片</source>
        <translation>Export image</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>趋势图.png</source>
        <translation>trends-chart.png</translation>
    </message>
    <message>
        <source>导出数据</source>
        <translation>Export data</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <source>趋势数据.csv</source>
        <translation>trends-data.csv</translation>
    </message>
</context>
<context>
    <name>TriageActions</name>
    <message>
        <source>分派…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>忽略</source>
        <translation>Ignore</translation>
    </message>
    <message>
        <source>垃圾信息</source>
        <translation>Spam</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>标签…</source>
        <translation>Tag…</translation>
    </message>
    <message>
        <source>关联事件…</source>
        <translation>Link to incident…</translation>
    </message>
    <message>
        <source>处理整个水军波次…</source>
        <translation>Handle the whole copy-paste wave…</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>普通</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>较高</source>
        <translation>High</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>更正分析</source>
        <translation>Correct analysis</translation>
    </message>
    <message>
        <source>情感改为：{x}</source>
        <translation>Sentiment: {x}</translation>
    </message>
    <message>
        <source>意图改为：{x}</source>
        <translation>Intent: {x}</translation>
    </message>
    <message>
        <source>请先在列表中选择评论。</source>
        <translation>Please select comments in the list first.</translation>
    </message>
    <message>
        <source>正在识别当前操作员，请稍候再试。</source>
        <translation>Identifying the current operator; please try again in a moment.</translation>
    </message>
    <message>
        <source>已撤销上一步操作，恢复 {n} 条。</source>
        <translation>Last action undone; {n} restored.</translation>
    </message>
    <message>
        <source>另有 {n} 条已被他人改动，未恢复。</source>
        <translation> {n} more were changed by others and were not restored.</translation>
    </message>
    <message>
        <source>已处理 {n} 条评论。按 Ctrl+Z 可撤销。</source>
        <translation>{n} comments updated. Press Ctrl+Z to undo.</translation>
    </message>
    <message>
        <source>所选评论已是该状态，无需改动。</source>
        <translation>The selected comments are already in that state; nothing changed.</translation>
    </message>
    <message>
        <source>操作员：{name}</source>
        <translation>Operator: {name}</translation>
    </message>
    <message>
        <source>岗位：{r}</source>
        <translation>Role: {r}</translation>
    </message>
    <message>
        <source>取消分派</source>
        <translation>Unassign</translation>
    </message>
    <message>
        <source>分派</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>分派给：</source>
        <translation>Assign to:</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>标签名称：</source>
        <translation>Tag name:</translation>
    </message>
    <message>
        <source>当前没有进行中的事件可以关联。</source>
        <translation>There is no open incident to link to.</translation>
    </message>
    <message>
        <source>关联事件</source>
        <translation>Link to incident</translation>
    </message>
    <message>
        <source>关联到事件：</source>
        <translation>Link to incident:</translation>
    </message>
    <message>
        <source>所选评论不属于集中发帖波次。</source>
        <translation>The selected comment is not part of a copy-paste wave.</translation>
    </message>
    <message>
        <source>处理整个水军波次</source>
        <translation>Handle the whole copy-paste wave</translation>
    </message>
    <message>
        <source>波次 #{id} 共 {n} 条，其中未处理的全部标记为：</source>
        <translation>Wave #{id} has {n} comments; mark every open one as:</translation>
    </message>
</context>
<context>
    <name>TrialPanel</name>
    <message>
        <source>粘贴一条网友评论，例如：小区停水两天了，什么时候能恢复？</source>
        <translation>Paste a comment from the public, e.g. 小区停水两天了，什么时候能恢复？</translation>
    </message>
    <message>
        <source>推荐模板</source>
        <translation>Suggest templates</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>推荐理由</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <source>与收件箱回复框使用同一推荐规则。双击一行可打开该模板。</source>
        <translation>Uses the same ranking as the inbox reply box. Double-click a row to open the template.</translation>
    </message>
    <message>
        <source>请先粘贴一条评论。</source>
        <translation>Paste a comment first.</translation>
    </message>
    <message>
        <source>正在分析……</source>
        <translation>Analysing…</translation>
    </message>
    <message>
        <source>推荐 {n} 个模板。</source>
        <translation>{n} templates suggested.</translation>
    </message>
    <message>
        <source>没有找到合适的模板，可尝试换一种说法或补充标签。</source>
        <translation>No suitable template found; try other wording or add tags.</translation>
    </message>
    <message>
        <source>推荐未能完成。</source>
        <translation>Suggestions could not be made.</translation>
    </message>
</context>
<context>
    <name>UsagePanel</name>
    <message>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>使用次数</source>
        <translation>Times used</translation>
    </message>
    <message>
        <source>最近使用</source>
        <translation>Last used</translation>
    </message>
    <message>
        <source>使用人</source>
        <translation>Used by</translation>
    </message>
    <message>
        <source>之后更平和</source>
        <translation>Calmer after</translation>
    </message>
    <message>
        <source>之后更负面</source>
        <translation>More negative after</translation>
    </message>
    <message>
        <source>无明显变化</source>
        <translation>No clear change</translation>
    </message>
    <message>
        <source>尚无后续</source>
        <translation>No follow-up yet</translation>
    </message>
    <message>
        <source>“之后”指同一网友在回复发出后在同一账号下的下一条评论：情感分数升高 0.2 以上记为更平和，降低 0.2 以上记为更负面。双击一行可打开该模板。</source>
        <translation>&quot;After&quot; is the same person&apos;s next comment on the same account after the reply: a sentiment score 0.2 or more higher counts as calmer, 0.2 or more lower as more negative. Double-click a row to open the template.</translation>
    </message>
    <message>
        <source>尚无使用记录。
通过模板发出回复后，使用次数和网友后续反应将显示在这里。</source>
        <translation>No usage yet.
Once replies are sent with templates, how often they were used and how people responded will show here.</translation>
    </message>
</context>
<context>
    <name>VersionsPanel</name>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>第 {n} 版</source>
        <translation>Version {n}</translation>
    </message>
    <message>
        <source>撰写人</source>
        <translation>Written by</translation>
    </message>
    <message>
        <source>保存时间</source>
        <translation>Saved at</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <source>审核时间</source>
        <translation>Approved at</translation>
    </message>
    <message>
        <source>修改说明</source>
        <translation>Change note</translation>
    </message>
    <message>
        <source>审核通过所选版本</source>
        <translation>Approve selected version</translation>
    </message>
    <message>
        <source>审核岗、舆情应急岗或管理员可审核</source>
        <translation>Reviewers, crisis leads and admins may approve</translation>
    </message>
    <message>
        <source>停用模板</source>
        <translation>Retire template</translation>
    </message>
    <message>
        <source>比较：</source>
        <translation>Compare:</translation>
    </message>
    <message>
        <source>→</source>
        <translation>→</translation>
    </message>
    <message>
        <source>只有审核通过的版本才能用于回复</source>
        <translation>Only approved versions may be used in replies</translation>
    </message>
    <message>
        <source>允许撰写人审核本人撰写的版本</source>
        <translation>Writers may approve their own versions</translation>
    </message>
    <message>
        <source>保存规定</source>
        <translation>Save policy</translation>
    </message>
    <message>
        <source>本单位模板审核规定</source>
        <translation>Office template review policy</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>编号 {id}</source>
        <translation>No. {id}</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>第 {n} 版（{state}）</source>
        <translation>Version {n} ({state})</translation>
    </message>
    <message>
        <source>只有一个版本，暂无可比较的修改。</source>
        <translation>Only one version: nothing to compare yet.</translation>
    </message>
    <message>
        <source>您没有审核权限；审核需审核岗、舆情应急岗或管理员。</source>
        <translation>You may not approve; approval needs a reviewer, crisis lead or admin.</translation>
    </message>
    <message>
        <source>第 {n} 版已由 {who} 于 {when} 审核通过。</source>
        <translation>Version {n} was approved by {who} on {when}.</translation>
    </message>
    <message>
        <source>恢复模板</source>
        <translation>Restore template</translation>
    </message>
    <message>
        <source>恢复后可再次编辑和用于回复</source>
        <translation>Once restored it can be edited and used in replies again</translation>
    </message>
    <message>
        <source>停用后不再推荐、不能用于回复；版本历史和使用记录保留</source>
        <translation>A retired template is not suggested and cannot be used in replies; its history and usage are kept</translation>
    </message>
    <message>
        <source>仅管理员可修改</source>
        <translation>Only admins may change this</translation>
    </message>
    <message>
        <source>请选择两个不同的版本进行比较。</source>
        <translation>Choose two different versions to compare.</translation>
    </message>
    <message>
        <source>两个版本的内容相同。</source>
        <translation>The two versions are identical.</translation>
    </message>
    <message>
        <source>第 {n} 版已审核通过。</source>
        <translation>Version {n} approved.</translation>
    </message>
    <message>
        <source>模板已停用，历史版本和使用记录均已保留。</source>
        <translation>Template retired; its versions and usage are kept.</translation>
    </message>
    <message>
        <source>模板已恢复。</source>
        <translation>Template restored.</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>演示工作区不完整。</source>
        <translation>The demo workspace is incomplete.</translation>
    </message>
    <message>
        <source>请删除演示工作区文件后重新运行 make run。</source>
        <translation>Please delete the demo workspace file and run make run again.</translation>
    </message>
    <message>
        <source>正在生成演示工作区，请稍候……</source>
        <translation>Building the demo workspace, please wait…</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>操作未能完成：{error}
详细信息已记入日志。</source>
        <translation>The operation could not be completed: {error}
Details have been written to the log.</translation>
    </message>
    <message>
        <source>连接正常：{message}</source>
        <translation>Connection OK: {message}</translation>
    </message>
    <message>
        <source>连接未通过：{message}</source>
        <translation>Connection failed: {message}</translation>
    </message>
    <message>
        <source>账号身份：{identity}</source>
        <translation>Account identity: {identity}</translation>
    </message>
    <message>
        <source>授权到期：{when}</source>
        <translation>Authorisation expires: {when}</translation>
    </message>
    <message>
        <source>刷新令牌到期：{when}</source>
        <translation>Refresh token expires: {when}</translation>
    </message>
    <message>
        <source>本时段剩余调用次数：{n}</source>
        <translation>Calls left in this period: {n}</translation>
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
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>发送失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Not yet synchronised</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>授权已过期</source>
        <translation>Authorisation expired</translation>
    </message>
    <message>
        <source>频率受限</source>
        <translation>Rate limited</translation>
    </message>
    <message>
        <source>出错</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>特别重大（I级）</source>
        <translation>Particularly serious (Level I)</translation>
    </message>
    <message>
        <source>重大（II级）</source>
        <translation>Serious (Level II)</translation>
    </message>
    <message>
        <source>较大（III级）</source>
        <translation>Relatively serious (Level III)</translation>
    </message>
    <message>
        <source>一般（IV级）</source>
        <translation>General (Level IV)</translation>
    </message>
    <message>
        <source>监测</source>
        <translation>Monitoring</translation>
    </message>
    <message>
        <source>响应</source>
        <translation>Responding</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Recovering</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>发布权威信息</source>
        <translation>Issue authoritative information</translation>
    </message>
    <message>
        <source>召开新闻发布会</source>
        <translation>Hold a press conference</translation>
    </message>
    <message>
        <source>作出回应</source>
        <translation>Respond publicly</translation>
    </message>
    <message>
        <source>评论量增长</source>
        <translation>Comment growth</translation>
    </message>
    <message>
        <source>负面占比</source>
        <translation>Negative share</translation>
    </message>
    <message>
        <source>扩散范围</source>
        <translation>Spread</translation>
    </message>
    <message>
        <source>关注词命中</source>
        <translation>Watch-word hits</translation>
    </message>
    <message>
        <source>回复滞后</source>
        <translation>Reply lag</translation>
    </message>
    <message>
        <source>评论总量超限</source>
        <translation>Comment volume over limit</translation>
    </message>
    <message>
        <source>负面占比偏高</source>
        <translation>High negative share</translation>
    </message>
    <message>
        <source>评论量突增</source>
        <translation>Comment spike</translation>
    </message>
    <message>
        <source>疑似水军（复制粘贴）</source>
        <translation>Suspected coordinated posting (copy-paste)</translation>
    </message>
    <message>
        <source>综合预警指数</source>
        <translation>Composite warning index</translation>
    </message>
    <message>
        <source>最新在前</source>
        <translation>Newest first</translation>
    </message>
    <message>
        <source>最早在前</source>
        <translation>Oldest first</translation>
    </message>
    <message>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>回复时限</source>
        <translation>Reply deadline</translation>
    </message>
    <message>
        <source>集中发帖规模</source>
        <translation>Wave size</translation>
    </message>
    <message>
        <source>评论内容</source>
        <translation>Comment text</translation>
    </message>
    <message>
        <source>评论时间</source>
        <translation>Comment time</translation>
    </message>
    <message>
        <source>用户昵称</source>
        <translation>User nickname</translation>
    </message>
    <message>
        <source>用户ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <source>点赞数</source>
        <translation>Likes</translation>
    </message>
    <message>
        <source>评论ID</source>
        <translation>Comment ID</translation>
    </message>
    <message>
        <source>所属内容</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>回复内容</source>
        <translation>Reply text</translation>
    </message>
    <message>
        <source>、</source>
        <comment>list separator</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>；</source>
        <comment>clause separator</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>{text}（{note}）</source>
        <translation>{text} ({note})</translation>
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
<context>
    <name>workspace</name>
    <message>
        <source>所选数据库不是 CrisisDesk 工作区（其中已有其他数据表），未作任何改动。</source>
        <translation>The selected database is not a CrisisDesk workspace (it already holds other tables); nothing was changed.</translation>
    </message>
    <message>
        <source>请选择由 CrisisDesk 创建的工作区文件，或新建一个工作区。</source>
        <translation>Please choose a workspace file created by CrisisDesk, or create a new workspace.</translation>
    </message>
    <message>
        <source>文件 {path} 已存在，未作任何改动。</source>
        <translation>The file {path} already exists; nothing was changed.</translation>
    </message>
    <message>
        <source>如需使用该文件，请选择“打开工作区…”；新建工作区请另选一个文件名。</source>
        <translation>To use that file, choose &quot;Open workspace…&quot;; to create a new workspace, choose another file name.</translation>
    </message>
    <message>
        <source>无法读取文件 {path}：{error}</source>
        <translation>The file {path} could not be read: {error}</translation>
    </message>
    <message>
        <source>文件 {path} 不是 SQLite 数据库或已损坏，未作任何改动。</source>
        <translation>The file {path} is not an SQLite database or is damaged; nothing was changed.</translation>
    </message>
    <message>
        <source>请选择由 CrisisDesk 创建的工作区文件。</source>
        <translation>Please choose a workspace file created by CrisisDesk.</translation>
    </message>
    <message>
        <source>找不到工作区文件 {path}。</source>
        <translation>The workspace file {path} could not be found.</translation>
    </message>
    <message>
        <source>请确认文件位置，或选择“新建工作区…”。</source>
        <translation>Please check where the file is, or choose &quot;New workspace…&quot;.</translation>
    </message>
</context>
</TS>
