<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ABGroupsEditor</name>
    <message>
        <source>+ Add group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split evenly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares add up to {total} %; they must add up to 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every group needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group names must differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total {total} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares must add up to 100 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddConnectedStepCommand</name>
    <message>
        <source>Add {v0} after {source}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddEdgeCommand</name>
    <message>
        <source>Connect {source} to {target}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Project setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkConfirmDialog</name>
    <message>
        <source>{verb} tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The other {others:,} already have it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The other {others:,} do not have it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{verb} tag &lt;b&gt;{v0}&lt;/b&gt; {where} &lt;b&gt;{count:,} contact{v1}&lt;/b&gt; of the {selected:,} selected ({v2})?{rest}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelListEditor</name>
    <message>
        <source>Higher priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower priority</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelPage</name>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saves this page, then checks the connection and credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelRulesEditor</name>
    <message>
        <source>+ Add rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Otherwise → &lt;b&gt;else&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule {v0}: go to port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this rule</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelSettingsDialog</name>
    <message>
        <source>Channels and delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No system keyring: credentials cannot be saved.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox on: nothing leaves this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox off: active flows now send real messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change sandbox mode: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0}: saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery rules saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection failed: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConditionEditor</name>
    <message>
        <source>In words: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmActionDialog</name>
    <message>
        <source>They leave the flow now; nothing further is sent to them by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They start the flow over from its first step, even if they finished it and the flow lets contacts in only once. Say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their last message in this flow is sent again (or they go back to the message step).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every tag they carry is removed; the tag history keeps who and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <source>Edit contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0} status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactView</name>
    <message>
        <source>No contact selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by id, email, phone or name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Move to step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>已进入</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Executions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tag changes recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in any flow yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No steps yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an active flow execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact id {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:{bg};color:{fg};font-weight:600&apos;&gt;&amp;nbsp;{v0}:&amp;nbsp;{v1}&amp;nbsp;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactsBrowser</name>
    <message>
        <source>Id</source>
        <extracomment>a page finished loading open this contact&apos;s details (external id) hand the filter (dict, words) to the Tags view an import, add or edit finished (message)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag these…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, id, email, phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{channel}: {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0:,}–{end:,} of {total:,} contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contact matches this filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {v0}: {v1} created, {v2} updated, {n_items} rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved contact {id}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>Id, email, phone or name</source>
        <extracomment>a contact&apos;s details finished loading a stuck-contacts search finished an operator action finished (message for the status line)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Enter to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contact matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_hits} match{v0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>CountsBadgeItem</name>
    <message>
        <source>Entered {entered} · waiting {waiting} · completed {completed} · failed {failed}. Click a number for the contacts behind it.</source>
        <extracomment>(key, short label, colour) in badge order.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteTagDialog</name>
    <message>
        <source>Delete tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete &lt;b&gt;{name}&lt;/b&gt;? It is taken off &lt;b&gt;{count:,} contact{v0}&lt;/b&gt; now; their tag history keeps it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by flows: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. Their conditions will stop matching and tag steps will create it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete from {count:,} contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicateCommand</name>
    <message>
        <source>Duplicate</source>
        <translation>复制副本</translation>
    </message>
</context>
<context>
    <name>EdgeCountItem</name>
    <message>
        <source>{value} contact{v0} took this path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndDialog</name>
    <message>
        <source>End execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take {v0} out of the flow now? Nothing further is sent to them by this flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventNameEditor</name>
    <message>
        <source>event name, e.g. purchase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FastForwardDialog</name>
    <message>
        <source>Fast-forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project&apos;s clock is at {now:%Y-%m-%d %H:%M} UTC. Run everything due up to:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindStepDialog</name>
    <message>
        <source>Find step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step name, id, type or text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0} of {n_steps} steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowBoardWidget</name>
    <message>
        <source>Flows</source>
        <extracomment>Board actions that fold into the &quot;More&quot; menu below :data:`COMPACT_WIDTH` pixels. The user wants to edit a flow (double click, Enter, &quot;Open&quot;).</extracomment>
        <translation>流程</translation>
    </message>
    <message>
        <source>New flow</source>
        <translation>新建流程</translation>
    </message>
    <message>
        <source>Blank flow…</source>
        <translation>空白流程…</translation>
    </message>
    <message>
        <source>From a preset…</source>
        <translation>从模板…</translation>
    </message>
    <message>
        <source>Search flows…</source>
        <translation>搜索流程…</translation>
    </message>
    <message>
        <source>All but archived</source>
        <translation>除已归档外全部</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制副本</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Copy to project…</source>
        <translation>复制到项目…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>归档…</translation>
    </message>
    <message>
        <source>Terminate…</source>
        <translation>终止…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>No flows yet. Click &lt;b&gt;New flow&lt;/b&gt; to start from a blank canvas or a preset.</source>
        <translation>还没有流程。点击&lt;b&gt;新建流程&lt;/b&gt;，从空白画布或模板开始。</translation>
    </message>
    <message>
        <source>{n_flows} flow{v0} · {active} active · {inside:,} contact{v1} inside right now</source>
        <translation>{n_flows} 个流程 · {active} 个运行中 · 当前流程内 {inside:,} 位联系人</translation>
    </message>
    <message>
        <source>Could not create the flow</source>
        <translation>无法创建流程</translation>
    </message>
    <message>
        <source>Untitled flow</source>
        <translation>未命名流程</translation>
    </message>
    <message>
        <source>Could not duplicate the flow</source>
        <translation>无法复制流程</translation>
    </message>
    <message>
        <source>Rename flow</source>
        <translation>重命名流程</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>“{name}”的新名称：</translation>
    </message>
    <message>
        <source>Could not rename the flow</source>
        <translation>无法重命名流程</translation>
    </message>
    <message>
        <source>Copy “{name}” to project</source>
        <translation>将“{name}”复制到项目</translation>
    </message>
    <message>
        <source>Copied “{name}” to {path} as a draft.</source>
        <translation>已将“{name}”作为草稿复制到 {path}。</translation>
    </message>
    <message>
        <source>Could not copy the flow</source>
        <translation>无法复制流程</translation>
    </message>
    <message>
        <source>It disappears from the list (choose “Archived” in the filter to see it); its history stays.</source>
        <translation>它将从列表中消失（在筛选中选择“已归档”可查看）；历史记录保留。</translation>
    </message>
    <message>
        <source>It is {status}: the {active:,} contact(s) inside stop here and nobody enters any more. </source>
        <translation>它当前为{status}：流程内的 {active:,} 位联系人将停在此处，且不再有人进入。</translation>
    </message>
    <message>
        <source>Archive flow</source>
        <translation>归档流程</translation>
    </message>
    <message>
        <source>Archive “{name}”?</source>
        <translation>归档“{name}”？</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Could not archive the flow</source>
        <translation>无法归档流程</translation>
    </message>
    <message>
        <source>Terminate flow</source>
        <translation>终止流程</translation>
    </message>
    <message>
        <source>Terminate “{name}”?</source>
        <translation>终止“{name}”？</translation>
    </message>
    <message>
        <source>Every one of the {active:,} contact(s) inside stops where they are and nobody can enter any more. This cannot be undone (use Pause to stop for a while).</source>
        <translation>流程内的全部 {active:,} 位联系人将停在当前位置，且无人能再进入。此操作无法撤销（如需暂停，请使用“暂停”）。</translation>
    </message>
    <message>
        <source>Could not terminate the flow</source>
        <translation>无法终止流程</translation>
    </message>
    <message>
        <source>Could not change the entry switch</source>
        <translation>无法切换进入开关</translation>
    </message>
</context>
<context>
    <name>FlowDocument</name>
    <message>
        <source>Untitled flow</source>
        <extracomment>Flow attributes that ``set_flow_attr`` may change (everything except steps and edges). An edit was refused because the document is read-only (the reason, for the status bar).</extracomment>
        <translation>未命名流程</translation>
    </message>
    <message>
        <source>Connect two steps of this flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A step cannot connect to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} ({port}) is already connected to {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting {source} to {target} would make a loop; flows cannot loop back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowEditorWidget</name>
    <message>
        <source>Export this flow to a flow file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the draft (Ctrl+S); running contacts are not affected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold every contact where it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue from where contacts were held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish and start letting contacts in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish the draft as a new version (blocked while errors remain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test with a contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk one contact through the flow on a virtual clock (nothing is sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rehearse the next days…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict the next days on a copy of the contacts (nothing is sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare versions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what changed between two versions on the canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not published yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Below this height the live banner shrinks to one sentence (the canvas needs the room). The tab title changed (flow name, with a &quot;•&quot; while modified). Something worth a status bar message happened. Publishing was refused because of errors (the window shows the problems panel). The user asked to import a flow file (handled by the main window). Status or version changed (the window updates its actions).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;This flow is {status} (version {version}).&lt;/b&gt; You are editing a draft; contacts keep running on the published version. Publishing makes &lt;b&gt;version {next}&lt;/b&gt; for new entries; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody is inside right now, so nobody stays on the version they entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> You are editing a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the {v0} in the Problems panel first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish the draft as a new version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to publish: the draft is the live version v{version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the draft of “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing is blocked: fix the {v0} listed in Problems.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published version {version} of “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> New entries use it; {v0} stay on the version they entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to compare yet: publish a first version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate “{name}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts matching the trigger start entering it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &lt;b&gt;{contacts}&lt;/b&gt; already inside stay on the version they entered{versions} until they finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Live: {entered:,} entered · {active:,} active · {completed:,} completed · goal conversion {conversion:.0%}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published version {version}; moved {contacts} to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not activate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}” is active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not activated: the flow&apos;s webhooks wait for approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not approve the webhooks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: every contact is held where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed: contacts continue from where they were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowFileImport</name>
    <message>
        <source>Import flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first, then import the flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported the flow as a draft. Review any webhooks before activating it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The flow file cannot be imported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowSettingsForm</name>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>What this flow does, for your colleagues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger — when does a contact enter?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trigger yet — choose one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative: before the date (e.g. -1 = the day before)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 9 * * 1  (minute hour day month weekday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keyword, e.g. price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an operator (Telegram Business)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same meaning, comma-separated: благодарю, спс</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start payload or invite link name (empty: any)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only when the event also matches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synonyms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test a phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep out contacts who match…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times are UTC. A contact is never in this flow twice at the same time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goal — when has a contact converted?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A contact who reaches the goal leaves the flow at once (exit reason: goal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages a day, at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages a week, at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip steps late by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours are in each contact&apos;s time zone. After downtime, steps run late in order; with a limit, steps later than that are skipped and logged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without a trigger, contacts enter only when added by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators add contacts from the contacts view, or the CLI / API does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs every year on the contact&apos;s date at the chosen time (contact&apos;s time zone).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For personal invite links and Telegram /start deep links.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowTableModel</name>
    <message>
        <source>New contacts can enter this flow. Switch off to stop new entries; contacts already inside continue.</source>
        <translation>新联系人可以进入此流程。关闭可停止新进入；已在流程内的联系人继续。</translation>
    </message>
    <message>
        <source>New entries are switched off.</source>
        <translation>新进入已关闭。</translation>
    </message>
    <message>
        <source>Contacts who entered since midnight</source>
        <translation>午夜以来进入的联系人</translation>
    </message>
    <message>
        <source>Contacts inside the flow right now</source>
        <translation>当前在流程内的联系人</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>已排期</translation>
    </message>
    <message>
        <source>from {moment}</source>
        <translation>自 {moment}</translation>
    </message>
    <message>
        <source>to {moment}</source>
        <translation>至 {moment}</translation>
    </message>
</context>
<context>
    <name>FlowView</name>
    <message>
        <source>Delete</source>
        <extracomment>The smallest zoom at which cards are comfortable to read (their full drawing starts at step_item.LOW_DETAIL); fit-to-view never goes below it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制副本</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tidy layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nudge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlowsEditor</name>
    <message>
        <source>All other flows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only these flows:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupWidget</name>
    <message>
        <source>+ Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this group</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryProgress</name>
    <message>
        <source>Running the demo shop&apos;s last {days} days through its flows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New demo project</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImpactDialog</name>
    <message>
        <source>Publish version {v0} of “{v1}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0} contact{v1} are inside this flow.&lt;/b&gt; Publishing does not move them: each stays on the version it entered unless you move it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move {movable} waiting contact{v0} to version {v1} (only where their step still exists)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After publishing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportMappingDialog</name>
    <message>
        <source>Map CSV columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0}&lt;/b&gt;: choose the contact field each column fills; other columns are kept as attributes under their own name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>header name -&gt; its combo box (item data: the field name, None = keep as attribute)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the column that holds each contact&apos;s id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0}&lt;/b&gt;: {v1:,} created, {v2:,} updated, {n_rejected:,} rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Send me a test</source>
        <extracomment>&quot;Send me a test&quot; was pressed on this message step (the window hands it to the editor)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this message, rendered for a sample contact, to your own address (Channels &gt; the channel &gt; Send tests to)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown step type {type!r}: it cannot be edited here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOW SETTINGS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a step on the canvas to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INSPECTOR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a flow from the board to edit its steps and settings here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinRowWidget</name>
    <message>
        <source>Branches meet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mode}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts the flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark a step that nothing leads to as one of the flow&apos;s starts on purpose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The interface will be in {language} the next time FlowCanvas starts.</source>
        <translation>下次启动 FlowCanvas 时界面将使用{language}。</translation>
    </message>
</context>
<context>
    <name>LiveTools</name>
    <message>
        <source>Stuck contacts at this step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts waiting here…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live stats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New demo project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Project: {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only ({why}): take over to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every contact tagged &lt;b&gt;{v0}&lt;/b&gt; ({v1:,}) gets the tag below instead; then the tag disappears.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModeIndicator</name>
    <message>
        <source>SANDBOX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SANDBOX: nothing leaves this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE: messages go to real people</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move to step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move {v0} to another step. The contact runs from that step at the next tick; a message step sends its message again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveInteraction</name>
    <message>
        <source>Move step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move {n} steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewFlowDialog</name>
    <message>
        <source>New flow</source>
        <translation>新建流程</translation>
    </message>
    <message>
        <source>Start a new flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Begin with an empty canvas, or with a ready flow you can adapt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search presets (e.g. cart, telegram, sms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blank flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An empty canvas. Add a trigger in the flow settings, then drag steps from the palette.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Welcome series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;&lt;br&gt;{description}{extra}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled flow</source>
        <translation>未命名流程</translation>
    </message>
    <message>
        <source>Give the flow a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another flow already has this name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationsPanel</name>
    <message>
        <source>Notifications</source>
        <extracomment>the contact (external id) of a double-clicked notification the unread total changed a reload finished</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow · step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to report: team notes, delivery errors and stuck contacts show up here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0} {v1}{v2} unread</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorTools</name>
    <message>
        <source>Channels and delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel accounts, quiet hours, caps and the sandbox switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every message the project sent or would send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a contact; fix contacts stuck at a step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpsTools</name>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every tag with its count; rename, merge, delete, tag many contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team notes, delivery errors and stuck contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live demo events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A demo project keeps producing visits, carts, purchases and messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live demo events on: customers keep visiting and buying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live demo events off.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxViewerWidget</name>
    <message>
        <source>All flows</source>
        <extracomment>a load finished (the table shows the new rows)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Newer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older ›</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet. Messages appear here as flows send them (in sandbox mode nothing leaves this computer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did this message reach the provider? FlowCanvas cannot tell. Your decision moves the contact on in the flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It did go out: the contact continues on &apos;next&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It did not go out: the contact continues on &apos;failed&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put it back in the queue; the dispatcher sends it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{first}–{last} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} message{v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages match these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the outbox: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rendered content and delivery details appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0} to {contact}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provider id {provider_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b42318&apos;&gt;&lt;b&gt;Error:&lt;/b&gt; {v0}&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b42318&apos;&gt;{v0}&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <source>Overview: click or drag to move the canvas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaletteWidget</name>
    <message>
        <source>Search steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{display_name}: drag onto the canvas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasteCommand</name>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhraseTestBox</name>
    <message>
        <source>type a message to try the keyword on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <source>Delivery rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours hold messages until the window ends, in each contact&apos;s time zone. Frequency caps limit how many messages one contact gets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HH:MM-HH:MM in the contact&apos;s time zone, or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per contact per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per contact per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as all channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HH:MM-HH:MM, e.g. 21:00-08:00, or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours look like 21:00-08:00 (or “off”); a channel without its own hours uses the first line. SMS defaults to 20:00-08:00.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over the cap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay until allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PortItem</name>
    <message>
        <source>Drag to connect the &apos;{port}&apos; branch to another step</source>
        <extracomment>Port colours that carry meaning; other ports use the neutral colour.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>No flow open</source>
        <extracomment>Delay between the last edit and re-validation (typing does not validate per keystroke). what the project knows for the linter (other flows&apos; keywords, contact fields); None: the file alone The user picked a problem of this step (or &quot;&quot; for a flow-level problem: show settings).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow settings: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓  No problems: this flow can be published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_errors} error{v0} (publishing is blocked)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RehearseDialog</name>
    <message>
        <source>Rehearse “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> % convert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The goal exits to expect if this share of the entries converts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rehearse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last N days&apos; events replay on a copy of the contacts. Nothing is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rehearsing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rehearse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> At {v0:.1%} conversion, expect about {v1:g} goal exits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted over {v0} days: {v1} entries, {messages}, {v2} leave by the goal in the replayed events ({v3:.0%}), {v4} still inside at the end. Quiet hours hold {v5} message(s); frequency caps delay {v6} and skip {v7}.{expected}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held (quiet hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delayed (caps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped (caps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected goal exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goal exits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoveEdgeCommand</name>
    <message>
        <source>Disconnect {source} from {target}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoveSelectionCommand</name>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete connections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsTools</name>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report, per-step funnels, goals and A/B results; masked export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsViewWidget</name>
    <message>
        <source>Contacts per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-step funnel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B: conversion to the goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goals per flow version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A/B groups against the first (control) group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goals and A/B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report as {v0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts of the selected step as {v0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show full phone numbers and emails in the next export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The range starts after it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not build the report: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversion %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0} – {v1} ({v2}): {v3:,} new, {v4:,} purchases, {n_steps} steps, {n_ab_rows} A/B groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-step funnel: {flow}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show full contact details?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next export will contain full phone numbers and emails. The project&apos;s audit log records who exported what. Continue?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (unmasked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a step in the Steps table first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0:,} contacts saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleWidget</name>
    <message>
        <source>Remove this rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has the tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not have the tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count {v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunnerErrorsDialog</name>
    <message>
        <source>Runner errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No errors.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuntimeController</name>
    <message>
        <source>Project already running</source>
        <extracomment>A new RunnerStatus, on the GUI thread. The runner could not start (LeaseHeldError or another error), on the GUI thread.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This project is {v0}.

Open it read-only here (nothing runs in this window) or take over (the other runner stops at its next batch)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take over</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuntimeStatusWidget</name>
    <message>
        <source>Fast-forward…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the project&apos;s virtual clock forward to a later time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{color}&apos;&gt;●&lt;/span&gt; &lt;b&gt;{v0}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last tick {v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_errors} error{v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this secret from the keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the keyring; type to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>will be removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendTestTools</name>
    <message>
        <source>Send me a test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this message, rendered for a sample contact, to your own address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test of “{name}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test of “{name}” sent by {v0} to {v1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test of “{name}” was not sent: {v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not send a test of “{name}”: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetFlowAttrCommand</name>
    <message>
        <source>Change flow {attr}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetStepJoinCommand</name>
    <message>
        <source>Join mode of {step_id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New projects start with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone numbers written without a country code are read as numbers of this country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>21:00-08:00 (empty: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per person a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per person a week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An open project keeps its own rules: Project &gt; Channels and delivery… changes them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone region is a two-letter country code such as RU, not “{region}”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter shortcuts…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPanel</name>
    <message>
        <source>Entries per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No entries in the last 14 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Funnel, last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepItem</name>
    <message>
        <source>&lt;span style=&apos;color:#b91c1c&apos;&gt;⚠ {v0}&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepPlacingView</name>
    <message>
        <source>Add {display_name}</source>
        <extracomment>MIME type of a palette drag: the payload is the step type name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add {display_name} after {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert {display_name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StuckInspectorDialog</name>
    <message>
        <source>every step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck contacts in {flow} — {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts {what} {place} of {flow}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step / reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{total} stuck contact{v0}: waiting longer than their step plans, or held by something. A contact in the middle of a normal wait is not listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is stuck: every contact is where its step plans it to be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_rows} contact{v0} (newest first). Select contacts to act on them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b91c1c&apos;&gt;{v0}&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: {verb} {n_results} contact{v0} (written to the audit log).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StuckView</name>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>waiting at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moves on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a flow and a step, then Find.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End execution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a flow and a step first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody has waited at {step} longer than {v0:g} h.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_rows} contact{v0} waiting longer than {v1:g} h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwitchDelegate</name>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>TagEditDialog</name>
    <message>
        <source>Edit tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the tag means, who sets it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag “{name}” exists: use Merge into… to combine them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renames the tag on {count:,} contacts (each gets a history row). Flows that test or set the old name keep using it: update them too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagsView</name>
    <message>
        <source>Tag</source>
        <extracomment>the tag list finished loading a change finished (message for the status line)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add or remove a tag on many contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>c0001, c0002 … (commas, spaces or new lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path of a CSV file with an id column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;field&quot;: &quot;city&quot;, &quot;op&quot;: &quot;=&quot;, &quot;value&quot;: &quot;Москва&quot;}  or  {&quot;tag&quot;: &quot;lead&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Contacts, filter, then “Tag these…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_tags} tag{v0} · {total:,} taggings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts browser: {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or paste contact ids first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CSV file of contact ids first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The condition is not JSON: {msg} at column {colno}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a flow and a step first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created tag {v0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed {v0} to {name} on {v1:,} contacts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved tag {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged {v0} into {v1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted tag {v0} from {v1:,} contacts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or choose a tag first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contacts {words}: nothing to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change: all {selected:,} selected contacts already have tag {tag}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change: none of the {selected:,} selected contacts has tag {tag}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{verb} {tag} {where} {v0:,} of {v1:,} selected contacts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>{ } Variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a contact field or a property of the trigger event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview the message as this contact would receive it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback: {{ contact.first_name or &quot;there&quot; }}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{ contact.first_name or &quot;there&quot; }}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: {{ contact.last_name | default(&apos;&apos;) }}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{ contact.last_name | default(&apos;&apos;) }}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TestContactDialog</name>
    <message>
        <source>Test “{name}” with a contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event that starts it, e.g. cart_add (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>properties as JSON, e.g. {&quot;cart_url&quot;: &quot;https://shop.example/c/1&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk the flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is sent; the project is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v0}: {n_items} message(s), {n_items2} step(s) lit{v1}{still}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextInputDialog</name>
    <message>
        <source>The name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another flow already has this name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TidyLayoutCommand</name>
    <message>
        <source>Tidy layout</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeOfDayEditor</name>
    <message>
        <source>At</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TriggerItem</name>
    <message>
        <source>The flow&apos;s trigger: who enters this flow. Click to edit the flow settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goal set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚡ TRIGGER</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VersionDiffDialog</name>
    <message>
        <source>Compare versions of “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two versions do the same thing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ {v0} added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>− {v0} removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>~ {v0} changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>~ flow {v0}: {v1} → {v2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaTemplateEditor</name>
    <message>
        <source>template name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>params, comma-separated ({{ contact.first_name }}, …)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WebhookApprovalDialog</name>
    <message>
        <source>Approve webhooks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{flow_name}” was imported from {source}. Before it can run, approve the addresses it sends contact data to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hooks.example.com, *.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved hosts for URLs built from contact data (comma-separated):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve and activate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <source>Welcome to FlowCanvas</source>
        <translation>欢迎使用 FlowCanvas</translation>
    </message>
    <message>
        <source>Design automated email, SMS, Telegram, WhatsApp and push flows, and watch contacts move through them live.
A project is one file on this computer.</source>
        <translation>设计自动化的邮件、短信、Telegram、WhatsApp 和推送流程，实时查看联系人在其中的流转。
一个项目就是这台电脑上的一个文件。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>New demo project…</source>
        <translation>新建演示项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
</context>
<context>
    <name>WindowFit</name>
    <message>
        <source>No keyring</source>
        <extracomment>Narrower than this, the status bar&apos;s texts get short (their long form stays in tool tips). Lower than this, the Problems dock keeps one line and the canvas gets the rest.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>New flow…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a flow, blank or from a preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import flow…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a flow file as a new draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export flow…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme, language, projects folder and what new projects start with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About FlowCanvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels and delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel accounts, quiet hours, caps and the sandbox switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring: credentials cannot be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space + drag, or middle mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl + wheel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag from a port to a step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;FlowCanvas {v0}&lt;/b&gt;&lt;br&gt;Design and run automated multichannel flows.&lt;br&gt;Projects are single files; credentials stay in your system keyring.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowRuntime</name>
    <message>
        <source>Read-only: this project is {reason}. Take over to edit or run it.</source>
        <extracomment>Why the window is read-only now (&apos;&apos; when it is not): another runner holds the project.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_TableEditor</name>
    <message>
        <source>+ Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app_settings</name>
    <message>
        <source>Quiet hours must look like 21:00-08:00 (or be empty for none), not “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>canvas.clipboard</name>
    <message>
        <source>Steps copied from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>canvas.step_item</name>
    <message>
        <source>No trigger yet: click to choose one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When {v0} happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When tag {v0} is added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a contact matches a segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the anniversary of {v0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a message{where} matches “{keyword}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a message arrives{where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a contact joins through a link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When added by an operator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>canvas.steptypes</name>
    <message>
        <source>Unknown step type</source>
        <extracomment>Palette groups in display order with their titles (the step registry&apos;s, through the service). Accent colour of each group (cards, palette glyphs, overview).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>No system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes to “{name}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your edits are lost if you close without saving the draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email (SMTP)</source>
        <extracomment>channel key -&gt; (list label, page title, one-line description)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends email through your SMTP server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS (SMS.ru, Twilio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends text messages through SMS.ru or Twilio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends messages from your Telegram bot (create one with @BotFather).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends messages through the WhatsApp Business Cloud API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends browser notifications to subscribed contacts (VAPID).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends messages as your VK community.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls your HTTPS endpoints; requests are signed when a secret is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox: nothing leaves this computer</source>
        <extracomment>SMS fields that belong to one provider only (shown for that provider)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages land in the outbox with status “sandbox”. Switch it off to send for real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live: active flows send real messages through the channels below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsubscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telegram chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FlowCanvas keeps channel credentials (bot tokens, API keys, SMTP passwords) only in your system keyring, never in the project file or an exported flow. No keyring is available on this computer, so credentials cannot be saved.

You can still design flows, import and export them, and run them in sandbox mode.

To send real messages, install and unlock a keyring (GNOME Keyring or KWallet on Linux; macOS Keychain and Windows Credential Manager work out of the box), then restart FlowCanvas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is one of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since entering the flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first branch continues, later ones end here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every branch continues (runs this step again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wait for every branch, then continue once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制副本</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tidy layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 14 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day</source>
        <extracomment>column key -&gt; its header</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>purchases amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>purchases new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>purchases new amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clicked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip: cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip: quiet hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip: no address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skip: unsubscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>converted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prob beat control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>significant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>click rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent {channel}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clicked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>status -&gt; (label, text colour, background colour)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason / error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <extracomment>status -&gt; (text colour, background colour) of its pill</extracomment>
        <translation>流程</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>In flow</source>
        <translation>流程内</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>进入</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Fast-forwarding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: taken over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>已进入</translation>
    </message>
    <message>
        <source>Inside now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to step…</source>
        <extracomment>action -&gt; (button text, verb for the confirmation, needs a reason)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from flow…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-enter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry send…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry the send for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear every tag of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting now at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>re-entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleared tags of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No colour</source>
        <extracomment>Colours offered for tags (name, #RRGGBB); &quot;&quot; is no colour.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indigo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purple</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pink</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact ids</source>
        <extracomment>(key, label) of the ways to choose contacts for a bulk change</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file of ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts at a step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts browser filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <extracomment>kind -&gt; (frame colour, label); the canvas and the list use the same colours</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An event happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tag is added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact matches a segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A date comes round (birthday…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An inbound message matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact joins through a link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added by hand (operators, CLI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once, at activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whenever they start matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-checked on a schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>means the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only once, ever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every time the trigger fires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again after a cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A condition becomes true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL or data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox: messages land in the outbox with status “sandbox”; nothing leaves this computer. Project &gt; Channels and delivery… switches it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live: active flows send real email, SMS and messages to real people. Project &gt; Channels and delivery… switches sandbox mode back on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mode_indicator</name>
    <message>
        <source>Switch sandbox off?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active flows will send real email, SMS and messages to real people from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages already in the outbox as “sandbox” are not sent again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send for real</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stay in sandbox</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>outbox_viewer</name>
    <message>
        <source>&lt;p style=&apos;color:#6b7280&apos;&gt;Other fields&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>runtime_status</name>
    <message>
        <source>The project&apos;s runner did not start: {name__}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tag_dialogs</name>
    <message>
        <source>Why (kept in each contact&apos;s tag history)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
