<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ABGroupsEditor</name>
    <message>
        <source>+ Add group</source>
        <translation>+ Добавить группу</translation>
    </message>
    <message>
        <source>Split evenly</source>
        <translation>Поровну</translation>
    </message>
    <message>
        <source>group name</source>
        <translation>имя группы</translation>
    </message>
    <message>
        <source>Remove this group</source>
        <translation>Удалить эту группу</translation>
    </message>
    <message>
        <source>The shares add up to {total} %; they must add up to 100 %.</source>
        <translation>Сумма долей {total} %, а должна быть 100 %.</translation>
    </message>
    <message>
        <source>Every group needs a name.</source>
        <translation>У каждой группы должно быть имя.</translation>
    </message>
    <message>
        <source>Group names must differ.</source>
        <translation>Имена групп должны различаться.</translation>
    </message>
    <message>
        <source>Total {total} %</source>
        <translation>Итого {total} %</translation>
    </message>
    <message>
        <source>The shares must add up to 100 %</source>
        <translation>Доли должны в сумме давать 100 %</translation>
    </message>
</context>
<context>
    <name>AddConnectedStepCommand</name>
    <message>
        <source>Add {v0} after {source}</source>
        <translation>Добавить {v0} после {source}</translation>
    </message>
</context>
<context>
    <name>AddEdgeCommand</name>
    <message>
        <source>Connect {source} to {target}</source>
        <translation>Соединить {source} с {target}</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Project setting</source>
        <translation>Как в проекте</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
</context>
<context>
    <name>BulkConfirmDialog</name>
    <message>
        <source>{verb} tag</source>
        <translation>{verb}: тег</translation>
    </message>
    <message>
        <source> The other {others:,} already have it.</source>
        <translation> У остальных ({others:,}) он уже есть.</translation>
    </message>
    <message>
        <source> The other {others:,} do not have it.</source>
        <translation> У остальных ({others:,}) его нет.</translation>
    </message>
    <message>
        <source>{verb} tag &lt;b&gt;{v0}&lt;/b&gt; {where} &lt;b&gt;{count:,} contact{v1}&lt;/b&gt; of the {selected:,} selected ({v2})?{rest}</source>
        <translation>{verb}: тег &lt;b&gt;{v0}&lt;/b&gt; {where} &lt;b&gt;{count:,}&lt;/b&gt; из {selected:,} выбранных контактов ({v2})?{rest}</translation>
    </message>
</context>
<context>
    <name>ChannelListEditor</name>
    <message>
        <source>Higher priority</source>
        <translation>Выше приоритет</translation>
    </message>
    <message>
        <source>Lower priority</source>
        <translation>Ниже приоритет</translation>
    </message>
</context>
<context>
    <name>ChannelPage</name>
    <message>
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <source>Saves this page, then checks the connection and credentials</source>
        <translation>Сохраняет эту страницу, затем проверяет подключение и учётные данные</translation>
    </message>
    <message>
        <source>Configured</source>
        <translation>Настроен</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>Не настроен</translation>
    </message>
</context>
<context>
    <name>ChannelRulesEditor</name>
    <message>
        <source>+ Add rule</source>
        <translation>+ Добавить правило</translation>
    </message>
    <message>
        <source>Otherwise → &lt;b&gt;else&lt;/b&gt;</source>
        <translation>Иначе → &lt;b&gt;else&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Rule {v0}: go to port</source>
        <translation>Правило {v0}: перейти к выходу</translation>
    </message>
    <message>
        <source>Remove this rule</source>
        <translation>Удалить это правило</translation>
    </message>
</context>
<context>
    <name>ChannelSettingsDialog</name>
    <message>
        <source>Channels and delivery</source>
        <translation>Каналы и доставка</translation>
    </message>
    <message>
        <source>&lt;b&gt;No system keyring: credentials cannot be saved.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Нет системного хранилища ключей: учётные данные нельзя сохранить.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Delivery rules</source>
        <translation>Правила доставки</translation>
    </message>
    <message>
        <source>Sandbox on: nothing leaves this computer.</source>
        <translation>Песочница включена: ничего не уходит с этого компьютера.</translation>
    </message>
    <message>
        <source>Sandbox off: active flows now send real messages.</source>
        <translation>Песочница выключена: активные сценарии отправляют настоящие сообщения.</translation>
    </message>
    <message>
        <source>Could not change sandbox mode: {exc}</source>
        <translation>Не удалось переключить песочницу: {exc}</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>Нечего сохранять.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>{v0}: saved.</source>
        <translation>{v0}: сохранено.</translation>
    </message>
    <message>
        <source>Delivery rules saved.</source>
        <translation>Правила доставки сохранены.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Проверка подключения…</translation>
    </message>
    <message>
        <source>Connected: </source>
        <translation>Подключено: </translation>
    </message>
    <message>
        <source>Connection failed: </source>
        <translation>Подключиться не удалось: </translation>
    </message>
</context>
<context>
    <name>ConditionEditor</name>
    <message>
        <source>In words: {text}</source>
        <translation>Словами: {text}</translation>
    </message>
</context>
<context>
    <name>ConfirmActionDialog</name>
    <message>
        <source>They leave the flow now; nothing further is sent to them by it.</source>
        <translation>Они сейчас же выходят из сценария; он им больше ничего не отправит.</translation>
    </message>
    <message>
        <source>They start the flow over from its first step, even if they finished it and the flow lets contacts in only once. Say why.</source>
        <translation>Они проходят сценарий заново с первого шага, даже если уже завершили его, а сценарий пускает только один раз. Укажите причину.</translation>
    </message>
    <message>
        <source>Their last message in this flow is sent again (or they go back to the message step).</source>
        <translation>Их последнее сообщение в этом сценарии отправляется снова (или они возвращаются на шаг-сообщение).</translation>
    </message>
    <message>
        <source>Every tag they carry is removed; the tag history keeps who and why.</source>
        <translation>Все их теги снимаются; история тегов сохраняет, кто и почему.</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Причина (сохраняется в журнале аудита)</translation>
    </message>
    <message>
        <source> — required</source>
        <translation> — обязательно</translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>Изменить контакт</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Добавить контакт</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <source>{v0} status</source>
        <translation>Статус {v0}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
</context>
<context>
    <name>ContactView</name>
    <message>
        <source>No contact selected</source>
        <translation>Контакт не выбран</translation>
    </message>
    <message>
        <source>Search by id, email, phone or name.</source>
        <translation>Поиск по id, email, телефону или имени.</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Атрибуты</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>Сценарии</translation>
    </message>
    <message>
        <source>Move to step…</source>
        <translation>Переместить на шаг…</translation>
    </message>
    <message>
        <source>End execution</source>
        <translation>Завершить прохождение</translation>
    </message>
    <message>
        <source>Exit reason</source>
        <translation>Причина выхода</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Вошли</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <source>Executions</source>
        <translation>Прохождения</translation>
    </message>
    <message>
        <source>Recent steps</source>
        <translation>Последние шаги</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Последние события</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Свойства</translation>
    </message>
    <message>
        <source>No tag changes recorded.</source>
        <translation>Изменений тегов не записано.</translation>
    </message>
    <message>
        <source>Not in any flow yet.</source>
        <translation>Пока ни в одном сценарии.</translation>
    </message>
    <message>
        <source>No steps yet.</source>
        <translation>Шагов пока нет.</translation>
    </message>
    <message>
        <source>No events recorded.</source>
        <translation>Событий не записано.</translation>
    </message>
    <message>
        <source>Select an active flow execution</source>
        <translation>Выберите активное прохождение сценария</translation>
    </message>
    <message>
        <source>Contact id {id}</source>
        <translation>Контакт {id}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:{bg};color:{fg};font-weight:600&apos;&gt;&amp;nbsp;{v0}:&amp;nbsp;{v1}&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:{bg};color:{fg};font-weight:600&apos;&gt;&amp;nbsp;{v0}:&amp;nbsp;{v1}&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>Тегов нет</translation>
    </message>
    <message>
        <source>step id {step}</source>
        <translation>id шага {step}</translation>
    </message>
</context>
<context>
    <name>ContactsBrowser</name>
    <message>
        <source>Id</source>
        <extracomment>a page finished loading open this contact&apos;s details (external id) hand the filter (dict, words) to the Tags view an import, add or edit finished (message)</extracomment>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Каналы</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Далее ›</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Импорт CSV…</translation>
    </message>
    <message>
        <source>Add contact…</source>
        <translation>Добавить контакт…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Tag these…</source>
        <translation>Пометить тегом…</translation>
    </message>
    <message>
        <source>Name, id, email, phone</source>
        <translation>Имя, идентификатор, email, телефон</translation>
    </message>
    <message>
        <source>any tag</source>
        <translation>любой тег</translation>
    </message>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>any channel</source>
        <translation>любой канал</translation>
    </message>
    <message>
        <source>{channel}: {status}</source>
        <translation>{channel}: {status}</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Фильтр</translation>
    </message>
    <message>
        <source>any flow</source>
        <translation>любой сценарий</translation>
    </message>
    <message>
        <source>any step</source>
        <translation>любой шаг</translation>
    </message>
    <message>
        <source>{v0:,}–{end:,} of {total:,} contacts</source>
        <translation>{v0:,}–{end:,} из {total:,} контактов</translation>
    </message>
    <message>
        <source>No contact matches this filter.</source>
        <translation>Под этот фильтр не подходит ни один контакт.</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>Импорт контактов</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Файлы CSV (*.csv *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Imported {v0}: {v1} created, {v2} updated, {n_items} rejected.</source>
        <translation>Импортирован {v0}: создано {v1}, обновлено {v2}, отклонено {n_items}.</translation>
    </message>
    <message>
        <source>Saved contact {id}.</source>
        <translation>Контакт {id} сохранён.</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>Id, email, phone or name</source>
        <extracomment>a contact&apos;s details finished loading a stuck-contacts search finished an operator action finished (message for the status line)</extracomment>
        <translation>ID, email, телефон или имя</translation>
    </message>
    <message>
        <source>Press Enter to search.</source>
        <translation>Нажмите Enter для поиска.</translation>
    </message>
    <message>
        <source>Find a contact</source>
        <translation>Найти контакт</translation>
    </message>
    <message>
        <source>Stuck contacts</source>
        <translation>Застрявшие контакты</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>No contact matches.</source>
        <translation>Ни один контакт не найден.</translation>
    </message>
    <message>
        <source>{n_hits} match{v0}.</source>
        <translation>Найдено: {n_hits}.</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Перемещён</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Завершён</translation>
    </message>
</context>
<context>
    <name>CountsBadgeItem</name>
    <message>
        <source>Entered {entered} · waiting {waiting} · completed {completed} · failed {failed}. Click a number for the contacts behind it.</source>
        <extracomment>(key, short label, colour) in badge order.</extracomment>
        <translation>Вошли {entered} · ждут {waiting} · завершили {completed} · ошибки {failed}. Щёлкните число, чтобы увидеть эти контакты.</translation>
    </message>
    <message numerus="yes">
        <source>%n in</source>
        <translation>
            <numerusform>%n вошёл</numerusform>
            <numerusform>%n вошли</numerusform>
            <numerusform>%n вошли</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n ждёт</numerusform>
            <numerusform>%n ждут</numerusform>
            <numerusform>%n ждут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n готово</numerusform>
            <numerusform>%n готово</numerusform>
            <numerusform>%n готово</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n ошибка</numerusform>
            <numerusform>%n ошибки</numerusform>
            <numerusform>%n ошибок</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeleteTagDialog</name>
    <message>
        <source>Delete tag</source>
        <translation>Удалить тег</translation>
    </message>
    <message>
        <source>Delete &lt;b&gt;{name}&lt;/b&gt;? It is taken off &lt;b&gt;{count:,} contact{v0}&lt;/b&gt; now; their tag history keeps it.</source>
        <translation>Удалить &lt;b&gt;{name}&lt;/b&gt;? Тег будет снят с контактов (&lt;b&gt;{count:,}&lt;/b&gt;) сейчас; в истории тегов он останется.</translation>
    </message>
    <message>
        <source>Used by flows: </source>
        <translation>Используется в сценариях: </translation>
    </message>
    <message>
        <source>. Their conditions will stop matching and tag steps will create it again.</source>
        <translation>. Их условия перестанут срабатывать, а шаги с тегом создадут его заново.</translation>
    </message>
    <message>
        <source>Delete from {count:,} contacts</source>
        <translation>Удалить у контактов: {count:,}</translation>
    </message>
</context>
<context>
    <name>DuplicateCommand</name>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
</context>
<context>
    <name>EdgeCountItem</name>
    <message>
        <source>{value} contact{v0} took this path</source>
        <translation>Этим путём прошло контактов: {value}</translation>
    </message>
</context>
<context>
    <name>EndDialog</name>
    <message>
        <source>End execution</source>
        <translation>Завершить прохождение</translation>
    </message>
    <message>
        <source>Take {v0} out of the flow now? Nothing further is sent to them by this flow.</source>
        <translation>Вывести {v0} из сценария сейчас? Этот сценарий больше ничего не отправит.</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Причина (сохраняется в журнале аудита)</translation>
    </message>
</context>
<context>
    <name>EventNameEditor</name>
    <message>
        <source>event name, e.g. purchase</source>
        <translation>имя события, например purchase</translation>
    </message>
</context>
<context>
    <name>FastForwardDialog</name>
    <message>
        <source>Fast-forward</source>
        <translation>Перемотка вперёд</translation>
    </message>
    <message>
        <source>The project&apos;s clock is at {now:%Y-%m-%d %H:%M} UTC. Run everything due up to:</source>
        <translation>Часы проекта показывают {now:%Y-%m-%d %H:%M} UTC. Выполнить всё запланированное до:</translation>
    </message>
</context>
<context>
    <name>FindStepDialog</name>
    <message>
        <source>Find step</source>
        <translation>Найти шаг</translation>
    </message>
    <message>
        <source>Step name, id, type or text…</source>
        <translation>Имя, идентификатор, тип или текст шага…</translation>
    </message>
    <message>
        <source>Go to step</source>
        <translation>Перейти к шагу</translation>
    </message>
    <message>
        <source>{v0} of {n_steps} steps</source>
        <translation>{v0} из {n_steps} шагов</translation>
    </message>
</context>
<context>
    <name>FlowBoardWidget</name>
    <message>
        <source>Flows</source>
        <extracomment>Board actions that fold into the &quot;More&quot; menu below :data:`COMPACT_WIDTH` pixels. The user wants to edit a flow (double click, Enter, &quot;Open&quot;).</extracomment>
        <translation>Сценарии</translation>
    </message>
    <message>
        <source>New flow</source>
        <translation>Новый сценарий</translation>
    </message>
    <message>
        <source>Blank flow…</source>
        <translation>Пустой сценарий…</translation>
    </message>
    <message>
        <source>From a preset…</source>
        <translation>Из шаблона…</translation>
    </message>
    <message>
        <source>Search flows…</source>
        <translation>Поиск сценариев…</translation>
    </message>
    <message>
        <source>All but archived</source>
        <translation>Все, кроме архивных</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <source>Copy to project…</source>
        <translation>Копировать в проект…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>В архив…</translation>
    </message>
    <message>
        <source>Terminate…</source>
        <translation>Прекратить…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Ещё</translation>
    </message>
    <message>
        <source>No flows yet. Click &lt;b&gt;New flow&lt;/b&gt; to start from a blank canvas or a preset.</source>
        <translation>Сценариев пока нет. Нажмите &lt;b&gt;Новый сценарий&lt;/b&gt;, чтобы начать с пустого холста или шаблона.</translation>
    </message>
    <message>
        <source>{n_flows} flow{v0} · {active} active · {inside:,} contact{v1} inside right now</source>
        <translation>Сценариев: {n_flows} · активных: {active} · контактов внутри сейчас: {inside:,}</translation>
    </message>
    <message>
        <source>Could not create the flow</source>
        <translation>Не удалось создать сценарий</translation>
    </message>
    <message>
        <source>Untitled flow</source>
        <translation>Сценарий без названия</translation>
    </message>
    <message>
        <source>Could not duplicate the flow</source>
        <translation>Не удалось дублировать сценарий</translation>
    </message>
    <message>
        <source>Rename flow</source>
        <translation>Переименовать сценарий</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>Новое имя для «{name}»:</translation>
    </message>
    <message>
        <source>Could not rename the flow</source>
        <translation>Не удалось переименовать сценарий</translation>
    </message>
    <message>
        <source>Copy “{name}” to project</source>
        <translation>Копировать «{name}» в проект</translation>
    </message>
    <message>
        <source>Copied “{name}” to {path} as a draft.</source>
        <translation>«{name}» скопирован в {path} как черновик.</translation>
    </message>
    <message>
        <source>Could not copy the flow</source>
        <translation>Не удалось скопировать сценарий</translation>
    </message>
    <message>
        <source>It disappears from the list (choose “Archived” in the filter to see it); its history stays.</source>
        <translation>Он исчезнет из списка (выберите «Архивный» в фильтре, чтобы увидеть его); история сохранится.</translation>
    </message>
    <message>
        <source>It is {status}: the {active:,} contact(s) inside stop here and nobody enters any more. </source>
        <translation>Он сейчас {status}: контакты внутри ({active:,}) остановятся здесь, и больше никто не войдёт. </translation>
    </message>
    <message>
        <source>Archive flow</source>
        <translation>В архив</translation>
    </message>
    <message>
        <source>Archive “{name}”?</source>
        <translation>Отправить «{name}» в архив?</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>В архив</translation>
    </message>
    <message>
        <source>Could not archive the flow</source>
        <translation>Не удалось отправить сценарий в архив</translation>
    </message>
    <message>
        <source>Terminate flow</source>
        <translation>Прекратить сценарий</translation>
    </message>
    <message>
        <source>Terminate “{name}”?</source>
        <translation>Прекратить «{name}»?</translation>
    </message>
    <message>
        <source>Every one of the {active:,} contact(s) inside stops where they are and nobody can enter any more. This cannot be undone (use Pause to stop for a while).</source>
        <translation>Все контакты внутри ({active:,}) остановятся там, где они есть, и никто больше не сможет войти. Это нельзя отменить (чтобы остановить на время, используйте паузу).</translation>
    </message>
    <message>
        <source>Could not terminate the flow</source>
        <translation>Не удалось прекратить сценарий</translation>
    </message>
    <message>
        <source>Could not change the entry switch</source>
        <translation>Не удалось переключить вход</translation>
    </message>
</context>
<context>
    <name>FlowDocument</name>
    <message>
        <source>Untitled flow</source>
        <extracomment>Flow attributes that ``set_flow_attr`` may change (everything except steps and edges). An edit was refused because the document is read-only (the reason, for the status bar).</extracomment>
        <translation>Сценарий без названия</translation>
    </message>
    <message>
        <source>Connect two steps of this flow.</source>
        <translation>Соедините два шага этого сценария.</translation>
    </message>
    <message>
        <source>A step cannot connect to itself.</source>
        <translation>Шаг не может соединяться сам с собой.</translation>
    </message>
    <message>
        <source>{source} ({port}) is already connected to {target}.</source>
        <translation>{source} ({port}) уже соединён с {target}.</translation>
    </message>
    <message>
        <source>Connecting {source} to {target} would make a loop; flows cannot loop back.</source>
        <translation>Связь {source} → {target} создала бы цикл; в сценариях циклы невозможны.</translation>
    </message>
</context>
<context>
    <name>FlowEditorWidget</name>
    <message>
        <source>Export this flow to a flow file</source>
        <translation>Экспортировать сценарий в файл</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save the draft (Ctrl+S); running contacts are not affected</source>
        <translation>Сохранить черновик (Ctrl+S); идущие контакты не затрагиваются</translation>
    </message>
    <message>
        <source>Hold every contact where it is</source>
        <translation>Задержать все контакты там, где они есть</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Continue from where contacts were held</source>
        <translation>Продолжить с того места, где контакты были задержаны</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Publish and start letting contacts in</source>
        <translation>Опубликовать и начать впускать контакты</translation>
    </message>
    <message>
        <source>Publish the draft as a new version (blocked while errors remain)</source>
        <translation>Опубликовать черновик как новую версию (недоступно, пока есть ошибки)</translation>
    </message>
    <message>
        <source>Test with a contact…</source>
        <translation>Проверить на контакте…</translation>
    </message>
    <message>
        <source>Walk one contact through the flow on a virtual clock (nothing is sent)</source>
        <translation>Провести один контакт по сценарию на виртуальных часах (ничего не отправляется)</translation>
    </message>
    <message>
        <source>Rehearse the next days…</source>
        <translation>Репетиция следующих дней…</translation>
    </message>
    <message>
        <source>Predict the next days on a copy of the contacts (nothing is sent)</source>
        <translation>Спрогнозировать следующие дни на копии контактов (ничего не отправляется)</translation>
    </message>
    <message>
        <source>Compare versions…</source>
        <translation>Сравнить версии…</translation>
    </message>
    <message>
        <source>Show what changed between two versions on the canvas</source>
        <translation>Показать на холсте, что изменилось между двумя версиями</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <source>not published yet</source>
        <translation>ещё не опубликован</translation>
    </message>
    <message>
        <source>Publish changes</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>Below this height the live banner shrinks to one sentence (the canvas needs the room). The tab title changed (flow name, with a &quot;•&quot; while modified). Something worth a status bar message happened. Publishing was refused because of errors (the window shows the problems panel). The user asked to import a flow file (handled by the main window). Status or version changed (the window updates its actions).</extracomment>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>&lt;b&gt;This flow is {status} (version {version}).&lt;/b&gt; You are editing a draft; contacts keep running on the published version. Publishing makes &lt;b&gt;version {next}&lt;/b&gt; for new entries; </source>
        <translation>&lt;b&gt;Сценарий сейчас: {status} (версия {version}).&lt;/b&gt; Вы редактируете черновик; контакты продолжают идти по опубликованной версии. Публикация создаст &lt;b&gt;версию {next}&lt;/b&gt; для новых входов; </translation>
    </message>
    <message>
        <source>nobody is inside right now, so nobody stays on the version they entered.</source>
        <translation>внутри сейчас никого нет, так что на старой версии никто не останется.</translation>
    </message>
    <message>
        <source> You are editing a draft.</source>
        <translation> Вы редактируете черновик.</translation>
    </message>
    <message>
        <source>Fix the {v0} in the Problems panel first</source>
        <translation>Сначала исправьте ошибки на панели «Проблемы» ({v0})</translation>
    </message>
    <message>
        <source>Publish the draft as a new version</source>
        <translation>Опубликовать черновик как новую версию</translation>
    </message>
    <message>
        <source>Nothing to publish: the draft is the live version v{version}</source>
        <translation>Публиковать нечего: черновик совпадает с рабочей версией v{version}</translation>
    </message>
    <message>
        <source>Saved the draft of “{name}”.</source>
        <translation>Черновик «{name}» сохранён.</translation>
    </message>
    <message>
        <source>Could not save the draft</source>
        <translation>Не удалось сохранить черновик</translation>
    </message>
    <message>
        <source>Publishing is blocked: fix the {v0} listed in Problems.</source>
        <translation>Публикация заблокирована: исправьте ошибки на панели «Проблемы» ({v0}).</translation>
    </message>
    <message>
        <source>Could not publish</source>
        <translation>Не удалось опубликовать</translation>
    </message>
    <message>
        <source>Published version {version} of “{name}”.</source>
        <translation>Опубликована версия {version} сценария «{name}».</translation>
    </message>
    <message>
        <source> New entries use it; {v0} stay on the version they entered.</source>
        <translation> Новые входы идут по ней; {v0} остаются на версии, в которую вошли.</translation>
    </message>
    <message>
        <source>Nothing to compare yet: publish a first version.</source>
        <translation>Сравнивать пока нечего: опубликуйте первую версию.</translation>
    </message>
    <message>
        <source>Activate flow</source>
        <translation>Запустить сценарий</translation>
    </message>
    <message>
        <source>Activate “{name}”?</source>
        <translation>Запустить «{name}»?</translation>
    </message>
    <message>
        <source>Contacts matching the trigger start entering it now.</source>
        <translation>Контакты, подходящие под триггер, начнут входить прямо сейчас.</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>the &lt;b&gt;{contacts}&lt;/b&gt; already inside stay on the version they entered{versions} until they finish.</source>
        <translation>контакты, которые уже внутри (&lt;b&gt;{count:,}&lt;/b&gt;), останутся на версии, в которую вошли{versions}, пока не закончат.</translation>
    </message>
    <message>
        <source>● Live: {entered:,} entered · {active:,} active · {completed:,} completed · goal conversion {conversion:.0%}</source>
        <translation>● Работает: вошли {entered:,} · активны {active:,} · завершили {completed:,} · конверсия в цель {conversion:.0%}</translation>
    </message>
    <message>
        <source>Published version {version}; moved {contacts} to it.</source>
        <translation>Опубликована версия {version}; на неё переведено ожидающих контактов: {count:,}.</translation>
    </message>
    <message>
        <source>Could not activate</source>
        <translation>Не удалось запустить</translation>
    </message>
    <message>
        <source>“{name}” is active.</source>
        <translation>«{name}» запущен.</translation>
    </message>
    <message>
        <source>Not activated: the flow&apos;s webhooks wait for approval.</source>
        <translation>Не запущен: вебхуки сценария ждут одобрения.</translation>
    </message>
    <message>
        <source>Could not approve the webhooks</source>
        <translation>Не удалось одобрить вебхуки</translation>
    </message>
    <message>
        <source>Paused: every contact is held where it is.</source>
        <translation>Пауза: каждый контакт задержан там, где он есть.</translation>
    </message>
    <message>
        <source>Could not pause</source>
        <translation>Не удалось поставить на паузу</translation>
    </message>
    <message>
        <source>Resumed: contacts continue from where they were.</source>
        <translation>Продолжено: контакты идут дальше с того места, где были.</translation>
    </message>
    <message>
        <source>Could not resume</source>
        <translation>Не удалось продолжить</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>Экспорт сценария</translation>
    </message>
    <message>
        <source>Exported to {target}.</source>
        <translation>Экспортировано в {target}.</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Не удалось экспортировать</translation>
    </message>
</context>
<context>
    <name>FlowFileImport</name>
    <message>
        <source>Import flow</source>
        <translation>Импорт сценария</translation>
    </message>
    <message>
        <source>Open a project first, then import the flow.</source>
        <translation>Сначала откройте проект, затем импортируйте сценарий.</translation>
    </message>
    <message>
        <source>Imported the flow as a draft. Review any webhooks before activating it.</source>
        <translation>Сценарий импортирован как черновик. Проверьте вебхуки перед запуском.</translation>
    </message>
    <message>
        <source>The flow file cannot be imported</source>
        <translation>Файл сценария не удаётся импортировать</translation>
    </message>
</context>
<context>
    <name>FlowSettingsForm</name>
    <message>
        <source>Flow</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>What this flow does, for your colleagues</source>
        <translation>Что делает этот сценарий — для коллег</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Trigger — when does a contact enter?</source>
        <translation>Триггер — когда контакт входит?</translation>
    </message>
    <message>
        <source>No trigger yet — choose one</source>
        <translation>Триггера пока нет — выберите</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Negative: before the date (e.g. -1 = the day before)</source>
        <translation>Отрицательное — до даты (например, -1 = накануне)</translation>
    </message>
    <message>
        <source>0 9 * * 1  (minute hour day month weekday)</source>
        <translation>0 9 * * 1  (минута час день месяц день недели)</translation>
    </message>
    <message>
        <source>keyword, e.g. price</source>
        <translation>ключевое слово, например цена</translation>
    </message>
    <message>
        <source>the contact</source>
        <translation>контакт</translation>
    </message>
    <message>
        <source>an operator (Telegram Business)</source>
        <translation>оператор (Telegram Business)</translation>
    </message>
    <message>
        <source>same meaning, comma-separated: благодарю, спс</source>
        <translation>синонимы через запятую: благодарю, спс</translation>
    </message>
    <message>
        <source>start payload or invite link name (empty: any)</source>
        <translation>параметр /start или имя ссылки-приглашения (пусто — любой)</translation>
    </message>
    <message>
        <source>Only when the event also matches…</source>
        <translation>Только если событие ещё и подходит под…</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <source>Contacts where</source>
        <translation>Контакты, у которых</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Расписание</translation>
    </message>
    <message>
        <source>Date field</source>
        <translation>Поле даты</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Сдвиг</translation>
    </message>
    <message>
        <source>At</source>
        <translation>В</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Сравнение</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Ключевое слово</translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation>Отправитель</translation>
    </message>
    <message>
        <source>Synonyms</source>
        <translation>Синонимы</translation>
    </message>
    <message>
        <source>Test a phrase</source>
        <translation>Проверить фразу</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Entry rules</source>
        <translation>Правила входа</translation>
    </message>
    <message>
        <source>Can enter</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Keep out contacts who match…</source>
        <translation>Не впускать контакты, которые подходят под…</translation>
    </message>
    <message>
        <source>Start at</source>
        <translation>Начать с</translation>
    </message>
    <message>
        <source>End at</source>
        <translation>Закончить в</translation>
    </message>
    <message>
        <source>Times are UTC. A contact is never in this flow twice at the same time.</source>
        <translation>Время в UTC. Контакт никогда не бывает в сценарии дважды одновременно.</translation>
    </message>
    <message>
        <source>Goal — when has a contact converted?</source>
        <translation>Цель — когда контакт сконвертировался?</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Цель</translation>
    </message>
    <message>
        <source>Within</source>
        <translation>В течение</translation>
    </message>
    <message>
        <source>A contact who reaches the goal leaves the flow at once (exit reason: goal).</source>
        <translation>Контакт, достигший цели, сразу выходит из сценария (причина выхода: «goal»).</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Доставка</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>Тихие часы с</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без лимита</translation>
    </message>
    <message>
        <source>Messages a day, at most</source>
        <translation>Сообщений в день, не больше</translation>
    </message>
    <message>
        <source>Messages a week, at most</source>
        <translation>Сообщений в неделю, не больше</translation>
    </message>
    <message>
        <source>Skip steps late by</source>
        <translation>Пропускать шаги, опоздавшие на</translation>
    </message>
    <message>
        <source>Quiet hours are in each contact&apos;s time zone. After downtime, steps run late in order; with a limit, steps later than that are skipped and logged.</source>
        <translation>Тихие часы — в часовом поясе каждого контакта. После простоя шаги выполняются с опозданием по порядку; с лимитом более поздние пропускаются и записываются в журнал.</translation>
    </message>
    <message>
        <source>Without a trigger, contacts enter only when added by hand.</source>
        <translation>Без триггера контакты входят, только если их добавить вручную.</translation>
    </message>
    <message>
        <source>Operators add contacts from the contacts view, or the CLI / API does.</source>
        <translation>Контакты добавляют операторы в разделе контактов либо CLI / API.</translation>
    </message>
    <message>
        <source>Runs every year on the contact&apos;s date at the chosen time (contact&apos;s time zone).</source>
        <translation>Срабатывает каждый год в дату контакта в выбранное время (по часовому поясу контакта).</translation>
    </message>
    <message>
        <source>For personal invite links and Telegram /start deep links.</source>
        <translation>Для личных ссылок-приглашений и ссылок Telegram /start.</translation>
    </message>
</context>
<context>
    <name>FlowTableModel</name>
    <message>
        <source>New contacts can enter this flow. Switch off to stop new entries; contacts already inside continue.</source>
        <translation>Новые контакты могут входить в сценарий. Выключите, чтобы остановить вход; те, кто уже внутри, продолжат.</translation>
    </message>
    <message>
        <source>New entries are switched off.</source>
        <translation>Вход новых контактов выключен.</translation>
    </message>
    <message>
        <source>Contacts who entered since midnight</source>
        <translation>Контакты, вошедшие с полуночи</translation>
    </message>
    <message>
        <source>Contacts inside the flow right now</source>
        <translation>Контакты внутри сценария сейчас</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Запланирован</translation>
    </message>
    <message>
        <source>from {moment}</source>
        <translation>с {moment}</translation>
    </message>
    <message>
        <source>to {moment}</source>
        <translation>по {moment}</translation>
    </message>
</context>
<context>
    <name>FlowView</name>
    <message>
        <source>Delete</source>
        <extracomment>The smallest zoom at which cards are comfortable to read (their full drawing starts at step_item.LOW_DETAIL); fit-to-view never goes below it.</extracomment>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Вырезать</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Вставить</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Выделить всё</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>Вписать в окно</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>Масштаб по выделению</translation>
    </message>
    <message>
        <source>Tidy layout</source>
        <translation>Упорядочить</translation>
    </message>
    <message>
        <source>Paste here</source>
        <translation>Вставить сюда</translation>
    </message>
    <message>
        <source>Nudge</source>
        <translation>Подвинуть</translation>
    </message>
</context>
<context>
    <name>FlowsEditor</name>
    <message>
        <source>All other flows</source>
        <translation>Все остальные сценарии</translation>
    </message>
    <message>
        <source>Only these flows:</source>
        <translation>Только эти сценарии:</translation>
    </message>
</context>
<context>
    <name>GroupWidget</name>
    <message>
        <source>+ Rule</source>
        <translation>+ Правило</translation>
    </message>
    <message>
        <source>+ Group</source>
        <translation>+ Группа</translation>
    </message>
    <message>
        <source>Remove this group</source>
        <translation>Удалить эту группу</translation>
    </message>
</context>
<context>
    <name>HistoryProgress</name>
    <message>
        <source>Running the demo shop&apos;s last {days} days through its flows…</source>
        <translation>Прогоняем последние {days} дн. демо-магазина через его сценарии…</translation>
    </message>
    <message>
        <source>New demo project</source>
        <translation>Новый демо-проект</translation>
    </message>
</context>
<context>
    <name>ImpactDialog</name>
    <message>
        <source>Publish version {v0} of “{v1}”</source>
        <translation>Опубликовать версию {v0} сценария «{v1}»</translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0} contact{v1} are inside this flow.&lt;/b&gt; Publishing does not move them: each stays on the version it entered unless you move it below.</source>
        <translation>&lt;b&gt;Контактов внутри сценария: {v0}.&lt;/b&gt; Публикация их не перемещает: каждый остаётся на той версии, в которую вошёл, если вы не переместите его ниже.</translation>
    </message>
    <message>
        <source>Move {movable} waiting contact{v0} to version {v1} (only where their step still exists)</source>
        <translation>Перевести ожидающие контакты ({movable}) на версию {v1} (только там, где их шаг ещё есть)</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>After publishing</source>
        <translation>После публикации</translation>
    </message>
</context>
<context>
    <name>ImportMappingDialog</name>
    <message>
        <source>Map CSV columns</source>
        <translation>Столбцы CSV</translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0}&lt;/b&gt;: choose the contact field each column fills; other columns are kept as attributes under their own name.</source>
        <translation>&lt;b&gt;{v0}&lt;/b&gt;: выберите поле контакта для каждого столбца; остальные столбцы сохраняются как атрибуты под своими именами.</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>header name -&gt; its combo box (item data: the field name, None = keep as attribute)</extracomment>
        <translation>Импортировать</translation>
    </message>
    <message>
        <source>Choose the column that holds each contact&apos;s id.</source>
        <translation>Выберите столбец с идентификатором контакта.</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation>Итоги импорта</translation>
    </message>
    <message>
        <source>&lt;b&gt;{v0}&lt;/b&gt;: {v1:,} created, {v2:,} updated, {n_rejected:,} rejected.</source>
        <translation>&lt;b&gt;{v0}&lt;/b&gt;: создано {v1:,}, обновлено {v2:,}, отклонено {n_rejected:,}.</translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation>Причина отказа</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Send me a test</source>
        <translation>Прислать тест</translation>
    </message>
    <message>
        <source>Send this message, rendered for a sample contact, to your own address (Channels &gt; the channel &gt; Send tests to)</source>
        <translation>Отправить это сообщение, заполненное для примера контакта, на ваш собственный адрес (Каналы &gt; канал &gt; Куда слать тесты)</translation>
    </message>
    <message>
        <source>Step name (optional)</source>
        <translation>Имя шага (необязательно)</translation>
    </message>
    <message>
        <source>Unknown step type {type!r}: it cannot be edited here.</source>
        <translation>Неизвестный тип шага {type!r}: здесь его не изменить.</translation>
    </message>
    <message>
        <source>FLOW SETTINGS</source>
        <translation>НАСТРОЙКИ СЦЕНАРИЯ</translation>
    </message>
    <message>
        <source>Select a step on the canvas to edit it.</source>
        <translation>Выберите шаг на холсте, чтобы изменить его.</translation>
    </message>
    <message>
        <source>INSPECTOR</source>
        <translation>ИНСПЕКТОР</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>Ничего не открыто</translation>
    </message>
    <message>
        <source>Open a flow from the board to edit its steps and settings here.</source>
        <translation>Откройте сценарий с доски, чтобы изменить здесь его шаги и настройки.</translation>
    </message>
</context>
<context>
    <name>JoinRowWidget</name>
    <message>
        <source>Branches meet:</source>
        <translation>Ветки сходятся:</translation>
    </message>
    <message>
        <source>{mode}: {text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>Starts the flow</source>
        <translation>Начинает сценарий</translation>
    </message>
    <message>
        <source>Mark a step that nothing leads to as one of the flow&apos;s starts on purpose</source>
        <translation>Отметить шаг, в который ничего не ведёт, как намеренное начало сценария</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The interface will be in {language} after FlowCanvas restarts. Restart now? The same project opens again.</source>
        <translation>Интерфейс будет на языке «{language}» после перезапуска FlowCanvas. Перезапустить сейчас? Откроется тот же проект.</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>Перезапустить</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
</context>
<context>
    <name>LiveTools</name>
    <message>
        <source>Stuck contacts at this step…</source>
        <translation>Застрявшие на этом шаге…</translation>
    </message>
    <message>
        <source>Contacts waiting here…</source>
        <translation>Ожидающие здесь…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Steps</source>
        <translation>Шаги</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Инспектор</translation>
    </message>
    <message>
        <source>Live stats</source>
        <translation>Статистика</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Нет недавних проектов</translation>
    </message>
    <message>
        <source>New demo project</source>
        <translation>Новый демо-проект</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Новый проект</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Открыть проект</translation>
    </message>
    <message>
        <source>Could not open the project</source>
        <translation>Не удалось открыть проект</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>Сценарии</translation>
    </message>
    <message>
        <source>Project: {label}</source>
        <translation>Проект: {label}</translation>
    </message>
    <message>
        <source>Could not open the flow</source>
        <translation>Не удалось открыть сценарий</translation>
    </message>
    <message>
        <source>Read-only ({why}): take over to edit.</source>
        <translation>Только чтение ({why}): перехватите, чтобы редактировать.</translation>
    </message>
    <message>
        <source>Could not save the draft</source>
        <translation>Не удалось сохранить черновик</translation>
    </message>
    <message>
        <source>Channel settings</source>
        <translation>Настройки каналов</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation>{what}: ошибка: {error}</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge tag</source>
        <translation>Объединить тег</translation>
    </message>
    <message>
        <source>Every contact tagged &lt;b&gt;{v0}&lt;/b&gt; ({v1:,}) gets the tag below instead; then the tag disappears.</source>
        <translation>Все контакты с тегом &lt;b&gt;{v0}&lt;/b&gt; ({v1:,}) получат вместо него тег ниже; затем тег исчезнет.</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>В тег</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
</context>
<context>
    <name>ModeIndicator</name>
    <message>
        <source>SANDBOX</source>
        <translation>ПЕСОЧНИЦА</translation>
    </message>
    <message>
        <source>SANDBOX: nothing leaves this computer</source>
        <translation>ПЕСОЧНИЦА: ничего не уходит с этого компьютера</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>БОЕВОЙ РЕЖИМ</translation>
    </message>
    <message>
        <source>LIVE: messages go to real people</source>
        <translation>БОЕВОЙ РЕЖИМ: сообщения уходят настоящим людям</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move to step</source>
        <translation>Переместить на шаг</translation>
    </message>
    <message>
        <source>Move {v0} to another step. The contact runs from that step at the next tick; a message step sends its message again.</source>
        <translation>Переместить {v0} на другой шаг. Контакт продолжит с этого шага на следующем такте; шаг-сообщение отправит сообщение снова.</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Причина (сохраняется в журнале аудита)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Переместить</translation>
    </message>
</context>
<context>
    <name>MoveInteraction</name>
    <message>
        <source>Move step</source>
        <translation>Перемещение шага</translation>
    </message>
    <message>
        <source>Move {n} steps</source>
        <translation>Перемещение шагов: {n}</translation>
    </message>
</context>
<context>
    <name>NewFlowDialog</name>
    <message>
        <source>New flow</source>
        <translation>Новый сценарий</translation>
    </message>
    <message>
        <source>Start a new flow</source>
        <translation>Начать новый сценарий</translation>
    </message>
    <message>
        <source>Begin with an empty canvas, or with a ready flow you can adapt.</source>
        <translation>Начните с пустого холста или с готового сценария, который можно доработать.</translation>
    </message>
    <message>
        <source>Search presets (e.g. cart, telegram, sms)</source>
        <translation>Поиск шаблонов…</translation>
    </message>
    <message>
        <source>Blank flow</source>
        <translation>Пустой сценарий</translation>
    </message>
    <message>
        <source>An empty canvas. Add a trigger in the flow settings, then drag steps from the palette.</source>
        <translation>Пустой холст. Задайте триггер в настройках сценария, затем перетащите шаги из палитры.</translation>
    </message>
    <message>
        <source>e.g. Welcome series</source>
        <translation>например, Серия приветствий</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Create flow</source>
        <translation>Создать сценарий</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;&lt;br&gt;{description}{extra}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;&lt;br&gt;{description}{extra}</translation>
    </message>
    <message>
        <source>Untitled flow</source>
        <translation>Сценарий без названия</translation>
    </message>
    <message>
        <source>Give the flow a name.</source>
        <translation>Дайте сценарию имя.</translation>
    </message>
    <message>
        <source>Another flow already has this name.</source>
        <translation>Сценарий с таким именем уже есть.</translation>
    </message>
</context>
<context>
    <name>NotificationsPanel</name>
    <message>
        <source>Notifications</source>
        <extracomment>the contact (external id) of a double-clicked notification the unread total changed a reload finished</extracomment>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation>Отметить все прочитанными</translation>
    </message>
    <message>
        <source>Flow · step</source>
        <translation>Сценарий · шаг</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Nothing to report: team notes, delivery errors and stuck contacts show up here.</source>
        <translation>Сообщать не о чем: здесь появляются заметки команды, ошибки доставки и застрявшие контакты.</translation>
    </message>
    <message>
        <source>{v0} {v1}{v2} unread</source>
        <translation>{v1}: непрочитанных {v0}</translation>
    </message>
</context>
<context>
    <name>OperatorTools</name>
    <message>
        <source>Channels and delivery…</source>
        <translation>Каналы и доставка…</translation>
    </message>
    <message>
        <source>Channel accounts, quiet hours, caps and the sandbox switch</source>
        <translation>Аккаунты каналов, тихие часы, лимиты и переключатель песочницы</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Every message the project sent or would send</source>
        <translation>Все сообщения, которые проект отправил или отправил бы</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Find a contact; fix contacts stuck at a step</source>
        <translation>Найти контакт; помочь застрявшим на шаге</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Инструменты</translation>
    </message>
</context>
<context>
    <name>OpsTools</name>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Every tag with its count; rename, merge, delete, tag many contacts</source>
        <translation>Все теги с количеством; переименовать, объединить, удалить, пометить много контактов</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>Team notes, delivery errors and stuck contacts</source>
        <translation>Заметки команды, ошибки доставки и застрявшие контакты</translation>
    </message>
    <message>
        <source>Live demo events</source>
        <translation>Живые демо-события</translation>
    </message>
    <message>
        <source>A demo project keeps producing visits, carts, purchases and messages</source>
        <translation>Демо-проект продолжает создавать визиты, корзины, покупки и сообщения</translation>
    </message>
    <message>
        <source>Notifications ({count})</source>
        <translation>Уведомления ({count})</translation>
    </message>
    <message>
        <source>Live demo events on: customers keep visiting and buying.</source>
        <translation>Живые демо-события включены: покупатели заходят и покупают.</translation>
    </message>
    <message>
        <source>Live demo events off.</source>
        <translation>Живые демо-события выключены.</translation>
    </message>
</context>
<context>
    <name>OutboxViewerWidget</name>
    <message>
        <source>All flows</source>
        <extracomment>a load finished (the table shows the new rows)</extracomment>
        <translation>Все сценарии</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Все каналы</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Все статусы</translation>
    </message>
    <message>
        <source>Contact id</source>
        <translation>id контакта</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>‹ Newer</source>
        <translation>‹ Новее</translation>
    </message>
    <message>
        <source>Older ›</source>
        <translation>Старше ›</translation>
    </message>
    <message>
        <source>No messages yet. Messages appear here as flows send them (in sandbox mode nothing leaves this computer).</source>
        <translation>Сообщений пока нет. Они появляются здесь, когда сценарии их отправляют (в песочнице ничего не уходит с компьютера).</translation>
    </message>
    <message>
        <source>Select a message</source>
        <translation>Выберите сообщение</translation>
    </message>
    <message>
        <source>Did this message reach the provider? FlowCanvas cannot tell. Your decision moves the contact on in the flow.</source>
        <translation>Дошло ли это сообщение до провайдера? FlowCanvas не может это знать. Ваше решение продвинет контакт по сценарию.</translation>
    </message>
    <message>
        <source>It did go out: the contact continues on &apos;next&apos;</source>
        <translation>Ушло: контакт продолжит по выходу &apos;next&apos;</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>It did not go out: the contact continues on &apos;failed&apos;</source>
        <translation>Не ушло: контакт продолжит по выходу &apos;failed&apos;</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибки</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Put it back in the queue; the dispatcher sends it again</source>
        <translation>Вернуть в очередь; диспетчер отправит его снова</translation>
    </message>
    <message>
        <source>{first}–{last} of {total}</source>
        <translation>{first}–{last} из {total}</translation>
    </message>
    <message>
        <source>{shown} message{v0}</source>
        <translation>Сообщений: {shown}</translation>
    </message>
    <message>
        <source>No messages match these filters.</source>
        <translation>Под эти фильтры не подходит ни одно сообщение.</translation>
    </message>
    <message>
        <source>Could not load the outbox: {exc}</source>
        <translation>Не удалось загрузить исходящие: {exc}</translation>
    </message>
    <message>
        <source>The rendered content and delivery details appear here.</source>
        <translation>Здесь появятся содержимое сообщения и детали доставки.</translation>
    </message>
    <message>
        <source>{v0} to {contact}</source>
        <translation>{v0} для {contact}</translation>
    </message>
    <message>
        <source>provider id {provider_id}</source>
        <translation>id у провайдера {provider_id}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b42318&apos;&gt;&lt;b&gt;Error:&lt;/b&gt; {v0}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b42318&apos;&gt;&lt;b&gt;Ошибка:&lt;/b&gt; {v0}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b42318&apos;&gt;{v0}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b42318&apos;&gt;{v0}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>step id {step}</source>
        <translation>id шага {step}</translation>
    </message>
    <message>
        <source>no flow</source>
        <translation>без сценария</translation>
    </message>
    <message>
        <source>{where} · created {at} UTC</source>
        <translation>{where} · создано {at} UTC</translation>
    </message>
    <message>
        <source>message #{id}</source>
        <translation>сообщение №{id}</translation>
    </message>
    <message>
        <source>sent {at}</source>
        <translation>отправлено {at}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Почему:&lt;/b&gt; {reason}</translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <source>Overview: click or drag to move the canvas</source>
        <translation>Обзор: щёлкните или перетащите, чтобы сдвинуть холст</translation>
    </message>
</context>
<context>
    <name>PaletteWidget</name>
    <message>
        <source>Search steps…</source>
        <translation>Поиск шагов…</translation>
    </message>
    <message>
        <source>{display_name}: drag onto the canvas</source>
        <translation>{display_name}: перетащите на холст</translation>
    </message>
</context>
<context>
    <name>PasteCommand</name>
    <message>
        <source>Paste</source>
        <translation>Вставить</translation>
    </message>
</context>
<context>
    <name>PhraseTestBox</name>
    <message>
        <source>type a message to try the keyword on</source>
        <translation>введите сообщение, чтобы проверить ключевое слово</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <source>Delivery rules</source>
        <translation>Правила доставки</translation>
    </message>
    <message>
        <source>Quiet hours hold messages until the window ends, in each contact&apos;s time zone. Frequency caps limit how many messages one contact gets.</source>
        <translation>Тихие часы задерживают сообщения до конца окна, в часовом поясе каждого контакта. Лимиты частоты ограничивают число сообщений одному контакту.</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Тихие часы</translation>
    </message>
    <message>
        <source>HH:MM-HH:MM in the contact&apos;s time zone, or off</source>
        <translation>ЧЧ:ММ-ЧЧ:ММ в часовом поясе контакта, или off</translation>
    </message>
    <message>
        <source>Max per day</source>
        <translation>Не больше в день</translation>
    </message>
    <message>
        <source>Messages per contact per day</source>
        <translation>Сообщений одному контакту в день</translation>
    </message>
    <message>
        <source>Max per week</source>
        <translation>Не больше в неделю</translation>
    </message>
    <message>
        <source>Messages per contact per week</source>
        <translation>Сообщений одному контакту в неделю</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Все каналы</translation>
    </message>
    <message>
        <source>as all channels</source>
        <translation>как у всех каналов</translation>
    </message>
    <message>
        <source>HH:MM-HH:MM, e.g. 21:00-08:00, or off</source>
        <translation>ЧЧ:ММ-ЧЧ:ММ, например 21:00-08:00, или off</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без лимита</translation>
    </message>
    <message>
        <source>Quiet hours look like 21:00-08:00 (or “off”); a channel without its own hours uses the first line. SMS defaults to 20:00-08:00.</source>
        <translation>Тихие часы задаются как 21:00-08:00 (или «off»); канал без своих часов использует первую строку. Для SMS по умолчанию 20:00-08:00.</translation>
    </message>
    <message>
        <source>Over the cap:</source>
        <translation>Сверх лимита:</translation>
    </message>
    <message>
        <source>Delay until allowed</source>
        <translation>Отложить до разрешённого времени</translation>
    </message>
    <message>
        <source>Skip the message</source>
        <translation>Пропустить сообщение</translation>
    </message>
</context>
<context>
    <name>PortItem</name>
    <message>
        <source>Drag to connect the &apos;{port}&apos; branch to another step</source>
        <extracomment>Port colours that carry meaning; other ports use the neutral colour.</extracomment>
        <translation>Перетащите, чтобы соединить ветку «{port}» с другим шагом</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>No flow open</source>
        <extracomment>Delay between the last edit and re-validation (typing does not validate per keystroke). what the project knows for the linter (other flows&apos; keywords, contact fields); None: the file alone The user picked a problem of this step (or &quot;&quot; for a flow-level problem: show settings).</extracomment>
        <translation>Сценарий не открыт</translation>
    </message>
    <message>
        <source>Flow settings: </source>
        <translation>Настройки сценария: </translation>
    </message>
    <message>
        <source>✓  No problems: this flow can be published.</source>
        <translation>✓  Проблем нет: сценарий можно публиковать.</translation>
    </message>
    <message>
        <source>{n_errors} error{v0} (publishing is blocked)</source>
        <translation>Ошибок: {n_errors} (публикация заблокирована)</translation>
    </message>
    <message>
        <source> · step id {step_id}</source>
        <translation> · id шага {step_id}</translation>
    </message>
</context>
<context>
    <name>RehearseDialog</name>
    <message>
        <source>Rehearse “{name}”</source>
        <translation>Репетиция «{name}»</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source> % convert</source>
        <translation> % конверсии</translation>
    </message>
    <message>
        <source>The goal exits to expect if this share of the entries converts</source>
        <translation>Сколько выходов по цели ждать, если сконвертируется такая доля входов</translation>
    </message>
    <message>
        <source>Rehearse</source>
        <translation>Репетиция</translation>
    </message>
    <message>
        <source>The last N days&apos; events replay on a copy of the contacts. Nothing is sent.</source>
        <translation>События последних N дней проигрываются на копии контактов. Ничего не отправляется.</translation>
    </message>
    <message>
        <source>Rehearsing…</source>
        <translation>Репетиция…</translation>
    </message>
    <message>
        <source>Could not rehearse</source>
        <translation>Репетиция не удалась</translation>
    </message>
    <message>
        <source> At {v0:.1%} conversion, expect about {v1:g} goal exits.</source>
        <translation> При конверсии {v0:.1%} ожидается около {v1:g} выходов по цели.</translation>
    </message>
    <message>
        <source>Predicted over {v0} days: {v1} entries, {messages}, {v2} leave by the goal in the replayed events ({v3:.0%}), {v4} still inside at the end. Quiet hours hold {v5} message(s); frequency caps delay {v6} and skip {v7}.{expected}</source>
        <translation>Прогноз на {v0} дн.: входов {v1}, {messages}, по цели в проигранных событиях выходят {v2} ({v3:.0%}), в конце внутри остаются {v4}. Тихие часы задерживают сообщений: {v5}; лимиты частоты откладывают {v6} и пропускают {v7}.{expected}</translation>
    </message>
    <message>
        <source>Held (quiet hours)</source>
        <translation>Задержано (тихие часы)</translation>
    </message>
    <message>
        <source>Delayed (caps)</source>
        <translation>Отложено (лимиты)</translation>
    </message>
    <message>
        <source>Skipped (caps)</source>
        <translation>Пропущено (лимиты)</translation>
    </message>
    <message>
        <source>Expected goal exits</source>
        <translation>Ожидаемые выходы по цели</translation>
    </message>
    <message>
        <source>Goal exits</source>
        <translation>Выходы по цели</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Вошли</translation>
    </message>
    <message>
        <source>if</source>
        <translation>если</translation>
    </message>
    <message>
        <source>no messages</source>
        <translation>нет сообщений</translation>
    </message>
</context>
<context>
    <name>RemoveEdgeCommand</name>
    <message>
        <source>Disconnect {source} from {target}</source>
        <translation>Отсоединить {source} от {target}</translation>
    </message>
</context>
<context>
    <name>RemoveSelectionCommand</name>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Delete connections</source>
        <translation>Удалить связи</translation>
    </message>
</context>
<context>
    <name>ReportsTools</name>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Daily report, per-step funnels, goals and A/B results; masked export</source>
        <translation>Ежедневный отчёт, воронки по шагам, цели и итоги A/B; экспорт со скрытыми данными</translation>
    </message>
</context>
<context>
    <name>ReportsViewWidget</name>
    <message>
        <source>Contacts per day</source>
        <translation>Контакты по дням</translation>
    </message>
    <message>
        <source>Messages sent per day</source>
        <translation>Отправлено сообщений по дням</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>По дням</translation>
    </message>
    <message>
        <source>Per-step funnel</source>
        <translation>Воронка по шагам</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Шаги</translation>
    </message>
    <message>
        <source>A/B: conversion to the goal</source>
        <translation>A/B: конверсия в цель</translation>
    </message>
    <message>
        <source>Goals per flow version</source>
        <translation>Цели по версиям сценария</translation>
    </message>
    <message>
        <source>A/B groups against the first (control) group</source>
        <translation>A/B-группы против первой (контрольной) группы</translation>
    </message>
    <message>
        <source>Goals and A/B</source>
        <translation>Цели и A/B</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Report as {v0}…</source>
        <translation>Отчёт в {v0}…</translation>
    </message>
    <message>
        <source>Contacts of the selected step as {v0}…</source>
        <translation>Контакты выбранного шага в {v0}…</translation>
    </message>
    <message>
        <source>Show full phone numbers and emails in the next export</source>
        <translation>Показать полные телефоны и адреса email в следующем экспорте</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Охват</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>Весь проект</translation>
    </message>
    <message>
        <source>The range starts after it ends.</source>
        <translation>Начало периода позже его конца.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Could not build the report: {exc}</source>
        <translation>Не удалось построить отчёт: {exc}</translation>
    </message>
    <message>
        <source>Conversion %</source>
        <translation>Конверсия, %</translation>
    </message>
    <message>
        <source>{v0} – {v1} ({v2}): {v3:,} new, {v4:,} purchases, {n_steps} steps, {n_ab_rows} A/B groups</source>
        <translation>{v0} – {v1} ({v2}): новых {v3:,}, покупок {v4:,}, шагов {n_steps}, A/B-групп {n_ab_rows}</translation>
    </message>
    <message>
        <source>Per-step funnel: {flow}</source>
        <translation>Воронка по шагам: {flow}</translation>
    </message>
    <message>
        <source>Show full contact details?</source>
        <translation>Показать полные данные контактов?</translation>
    </message>
    <message>
        <source>The next export will contain full phone numbers and emails. The project&apos;s audit log records who exported what. Continue?</source>
        <translation>Следующий экспорт будет содержать полные телефоны и адреса email. Журнал аудита проекта запишет, кто что выгрузил. Продолжить?</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Экспорт отчёта</translation>
    </message>
    <message>
        <source>Report saved to {path}</source>
        <translation>Отчёт сохранён в {path}</translation>
    </message>
    <message>
        <source> (unmasked)</source>
        <translation> (без скрытия данных)</translation>
    </message>
    <message>
        <source>Export failed: {exc}</source>
        <translation>Экспорт не удался: {exc}</translation>
    </message>
    <message>
        <source>Select a step in the Steps table first</source>
        <translation>Сначала выберите шаг в таблице «Шаги»</translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation>Экспорт контактов</translation>
    </message>
    <message>
        <source>{v0:,} contacts saved to {path}</source>
        <translation>Контактов сохранено: {v0:,}, файл {path}</translation>
    </message>
</context>
<context>
    <name>RuleWidget</name>
    <message>
        <source>Remove this rule</source>
        <translation>Удалить это правило</translation>
    </message>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>has the tag</source>
        <translation>есть тег</translation>
    </message>
    <message>
        <source>does not have the tag</source>
        <translation>нет тега</translation>
    </message>
    <message>
        <source>happened</source>
        <translation>было</translation>
    </message>
    <message>
        <source>count {v0}</source>
        <translation>число {v0}</translation>
    </message>
    <message>
        <source>days</source>
        <translation>дни</translation>
    </message>
</context>
<context>
    <name>RunnerErrorsDialog</name>
    <message>
        <source>Runner errors</source>
        <translation>Ошибки исполнителя</translation>
    </message>
    <message>
        <source>No errors.</source>
        <translation>Ошибок нет.</translation>
    </message>
</context>
<context>
    <name>RuntimeController</name>
    <message>
        <source>Project already running</source>
        <extracomment>A new RunnerStatus, on the GUI thread. The runner could not start (LeaseHeldError or another error), on the GUI thread.</extracomment>
        <translation>Проект уже запущен</translation>
    </message>
    <message>
        <source>This project is {v0}.

Open it read-only here (nothing runs in this window) or take over (the other runner stops at its next batch)?</source>
        <translation>Этот проект {v0}.

Открыть его здесь только для чтения (в этом окне ничего не выполняется) или перехватить (другой исполнитель остановится после текущей пачки)?</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Перехватить</translation>
    </message>
</context>
<context>
    <name>RuntimeStatusWidget</name>
    <message>
        <source>Fast-forward…</source>
        <translation>Перемотать вперёд…</translation>
    </message>
    <message>
        <source>Run the project&apos;s virtual clock forward to a later time</source>
        <translation>Перевести виртуальные часы проекта вперёд</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{color}&apos;&gt;●&lt;/span&gt; &lt;b&gt;{v0}&lt;/b&gt;</source>
        <translation>&lt;span style=&apos;color:{color}&apos;&gt;●&lt;/span&gt; &lt;b&gt;{v0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>last tick {v0}</source>
        <translation>последний такт {v0}</translation>
    </message>
    <message>
        <source>{n_errors} error{v0}</source>
        <translation>Ошибок: {n_errors}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Перехватить</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>sandbox</source>
        <translation>песочница</translation>
    </message>
    <message>
        <source>virtual {v0}</source>
        <translation>виртуальное время {v0}</translation>
    </message>
    <message>
        <source>clock {v0}</source>
        <translation>время {v0}</translation>
    </message>
    <message>
        <source>to {v0}</source>
        <translation>до {v0}</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Forget</source>
        <translation>Забыть</translation>
    </message>
    <message>
        <source>Remove this secret from the keyring</source>
        <translation>Удалить этот секрет из хранилища ключей</translation>
    </message>
    <message>
        <source>The keyring cannot be read</source>
        <translation>Хранилище ключей не читается</translation>
    </message>
    <message>
        <source>No keyring available</source>
        <translation>Хранилище ключей недоступно</translation>
    </message>
    <message>
        <source>Stored in the system keyring</source>
        <translation>Хранится в системном хранилище ключей</translation>
    </message>
    <message>
        <source>Stored in the keyring; type to replace</source>
        <translation>Хранится в хранилище ключей; введите, чтобы заменить</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Не задано</translation>
    </message>
    <message>
        <source>will be removed</source>
        <translation>будет удалено</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>set</source>
        <translation>задан</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>не задан</translation>
    </message>
</context>
<context>
    <name>SendTestTools</name>
    <message>
        <source>Send me a test</source>
        <translation>Прислать тест</translation>
    </message>
    <message>
        <source>Send this message, rendered for a sample contact, to your own address</source>
        <translation>Отправить это сообщение, заполненное для примера контакта, на ваш собственный адрес</translation>
    </message>
    <message>
        <source>Sending a test of “{name}”…</source>
        <translation>Отправка теста «{name}»…</translation>
    </message>
    <message>
        <source>Test of “{name}” sent by {v0} to {v1}.</source>
        <translation>Тест «{name}» отправлен через {v0} на {v1}.</translation>
    </message>
    <message>
        <source>The test of “{name}” was not sent: {v0}</source>
        <translation>Тест «{name}» не отправлен: {v0}</translation>
    </message>
    <message>
        <source>Could not send a test of “{name}”: {error}</source>
        <translation>Не удалось отправить тест «{name}»: {error}</translation>
    </message>
</context>
<context>
    <name>SetFlowAttrCommand</name>
    <message>
        <source>Change flow {attr}</source>
        <translation>Изменение сценария: {attr}</translation>
    </message>
</context>
<context>
    <name>SetStepJoinCommand</name>
    <message>
        <source>Join mode of {step_id}</source>
        <translation>Режим слияния {step_id}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Projects folder</source>
        <translation>Папка проектов</translation>
    </message>
    <message>
        <source>New projects start with</source>
        <translation>Новые проекты начинают с</translation>
    </message>
    <message>
        <source>Phone numbers written without a country code are read as numbers of this country</source>
        <translation>Номера без кода страны считаются номерами этой страны</translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation>Регион телефонов</translation>
    </message>
    <message>
        <source>21:00-08:00 (empty: none)</source>
        <translation>21:00-08:00 (пусто — нет)</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Тихие часы</translation>
    </message>
    <message>
        <source>Messages per person a day</source>
        <translation>Сообщений одному человеку в день</translation>
    </message>
    <message>
        <source>Messages per person a week</source>
        <translation>Сообщений одному человеку в неделю</translation>
    </message>
    <message>
        <source>An open project keeps its own rules: Project &gt; Channels and delivery… changes them.</source>
        <translation>У открытого проекта свои правила: они меняются в окне «Каналы и доставка…» меню «Проект».</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без лимита</translation>
    </message>
    <message>
        <source>The phone region is a two-letter country code such as RU, not “{region}”.</source>
        <translation>Регион телефонов — двухбуквенный код страны, например RU, а не «{region}».</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Filter shortcuts…</source>
        <translation>Фильтр сочетаний…</translation>
    </message>
</context>
<context>
    <name>StatsPanel</name>
    <message>
        <source>Entries per day</source>
        <translation>Входы по дням</translation>
    </message>
    <message>
        <source>No entries in the last 14 days.</source>
        <translation>За последние 14 дней входов нет.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Funnel, last 30 days</source>
        <translation>Воронка за 30 дней</translation>
    </message>
</context>
<context>
    <name>StepItem</name>
    <message>
        <source>&lt;span style=&apos;color:#b91c1c&apos;&gt;⚠ {v0}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b91c1c&apos;&gt;⚠ {v0}&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>StepPlacingView</name>
    <message>
        <source>Add {display_name}</source>
        <extracomment>MIME type of a palette drag: the payload is the step type name.</extracomment>
        <translation>Добавить: {display_name}</translation>
    </message>
    <message>
        <source>Add {display_name} after {source}</source>
        <translation>Добавить {display_name} после {source}</translation>
    </message>
    <message>
        <source>Insert {display_name}</source>
        <translation>Вставить: {display_name}</translation>
    </message>
</context>
<context>
    <name>StuckInspectorDialog</name>
    <message>
        <source>every step</source>
        <translation>все шаги</translation>
    </message>
    <message>
        <source>Stuck contacts in {flow} — {place}</source>
        <translation>Застрявшие контакты: {flow} — {place}</translation>
    </message>
    <message>
        <source>Contacts {what} {place} of {flow}</source>
        <translation>Контакты, которые {what} {place} ({flow})</translation>
    </message>
    <message>
        <source>Step / reason</source>
        <translation>Шаг / причина</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часы</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Execution</source>
        <translation>Прохождение</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>{total} stuck contact{v0}: waiting longer than their step plans, or held by something. A contact in the middle of a normal wait is not listed.</source>
        <translation>Застрявших контактов: {total} — ждут дольше, чем планирует их шаг, или что-то их держит. Контакт посреди обычного ожидания сюда не попадает.</translation>
    </message>
    <message>
        <source>Nobody is stuck: every contact is where its step plans it to be.</source>
        <translation>Никто не застрял: каждый контакт там, где его шаг и планирует.</translation>
    </message>
    <message>
        <source>{n_rows} contact{v0} (newest first). Select contacts to act on them.</source>
        <translation>Контактов: {n_rows} (новые сверху). Выберите контакты, чтобы действовать.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b91c1c&apos;&gt;{v0}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b91c1c&apos;&gt;{v0}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Done: {verb} {n_results} contact{v0} (written to the audit log).</source>
        <translation>Готово: {verb}, контактов {n_results} (записано в журнал аудита).</translation>
    </message>
</context>
<context>
    <name>StuckView</name>
    <message>
        <source> h</source>
        <translation> ч</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>waiting at</source>
        <translation>ждут на шаге</translation>
    </message>
    <message>
        <source>longer than</source>
        <translation>дольше чем</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Ждёт с</translation>
    </message>
    <message>
        <source>Moves on</source>
        <translation>Продолжит</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часы</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Choose a flow and a step, then Find.</source>
        <translation>Выберите сценарий и шаг, затем нажмите «Найти».</translation>
    </message>
    <message>
        <source>Move to step…</source>
        <translation>Переместить на шаг…</translation>
    </message>
    <message>
        <source>End execution</source>
        <translation>Завершить прохождение</translation>
    </message>
    <message>
        <source>Choose a flow and a step first.</source>
        <translation>Сначала выберите сценарий и шаг.</translation>
    </message>
    <message>
        <source>Nobody has waited at {step} longer than {v0:g} h.</source>
        <translation>Никто не ждал на шаге {step} дольше {v0:g} ч.</translation>
    </message>
    <message>
        <source>{n_rows} contact{v0} waiting longer than {v1:g} h</source>
        <translation>Ждут дольше {v1:g} ч: {n_rows}</translation>
    </message>
</context>
<context>
    <name>SwitchDelegate</name>
    <message>
        <source>On</source>
        <translation>Вкл.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выкл.</translation>
    </message>
</context>
<context>
    <name>TagEditDialog</name>
    <message>
        <source>Edit tag</source>
        <translation>Изменить тег</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>Новый тег</translation>
    </message>
    <message>
        <source>What the tag means, who sets it</source>
        <translation>Что означает тег и кто его ставит</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Цвет</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Create tag</source>
        <translation>Создать тег</translation>
    </message>
    <message>
        <source>The name cannot be empty.</source>
        <translation>Имя не может быть пустым.</translation>
    </message>
    <message>
        <source>Tag “{name}” exists: use Merge into… to combine them.</source>
        <translation>Тег «{name}» уже есть: объедините их через «Объединить с…».</translation>
    </message>
    <message>
        <source>Renames the tag on {count:,} contacts (each gets a history row). Flows that test or set the old name keep using it: update them too.</source>
        <translation>Переименует тег у контактов ({count:,}), каждому добавится строка истории. Сценарии, которые проверяют или ставят старое имя, продолжат его использовать: обновите и их.</translation>
    </message>
</context>
<context>
    <name>TagsView</name>
    <message>
        <source>Tag</source>
        <extracomment>the tag list finished loading a change finished (message for the status line)</extracomment>
        <translation>Тег</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Filter tags</source>
        <translation>Фильтр тегов</translation>
    </message>
    <message>
        <source>New tag…</source>
        <translation>Новый тег…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>Объединить с…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Add or remove a tag on many contacts</source>
        <translation>Добавить или снять тег у многих контактов</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Добавить тег</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>Снять тег</translation>
    </message>
    <message>
        <source>for</source>
        <translation>для</translation>
    </message>
    <message>
        <source>c0001, c0002 … (commas, spaces or new lines)</source>
        <translation>c0001, c0002 … (через запятую, пробел или с новой строки)</translation>
    </message>
    <message>
        <source>path of a CSV file with an id column</source>
        <translation>путь к CSV-файлу со столбцом id</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>{&quot;field&quot;: &quot;city&quot;, &quot;op&quot;: &quot;=&quot;, &quot;value&quot;: &quot;Москва&quot;}  or  {&quot;tag&quot;: &quot;lead&quot;}</source>
        <translation>{&quot;field&quot;: &quot;city&quot;, &quot;op&quot;: &quot;=&quot;, &quot;value&quot;: &quot;Москва&quot;}  или  {&quot;tag&quot;: &quot;lead&quot;}</translation>
    </message>
    <message>
        <source>Open Contacts, filter, then “Tag these…”.</source>
        <translation>Откройте «Контакты», отфильтруйте, затем «Пометить тегом…».</translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation>Применить…</translation>
    </message>
    <message>
        <source>{n_tags} tag{v0} · {total:,} taggings</source>
        <translation>Тегов: {n_tags} · отметок: {total:,}</translation>
    </message>
    <message>
        <source>Contacts browser: {label}</source>
        <translation>Обзор контактов: {label}</translation>
    </message>
    <message>
        <source>Type or paste contact ids first.</source>
        <translation>Сначала введите или вставьте идентификаторы контактов.</translation>
    </message>
    <message>
        <source>Choose a CSV file of contact ids first.</source>
        <translation>Сначала выберите CSV-файл с идентификаторами контактов.</translation>
    </message>
    <message>
        <source>The condition is not JSON: {msg} at column {colno}.</source>
        <translation>Условие — не JSON: {msg}, столбец {colno}.</translation>
    </message>
    <message>
        <source>Choose a flow and a step first.</source>
        <translation>Сначала выберите сценарий и шаг.</translation>
    </message>
    <message>
        <source>Contact ids</source>
        <translation>Идентификаторы контактов</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Файлы CSV (*.csv *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Created tag {v0}.</source>
        <translation>Создан тег {v0}.</translation>
    </message>
    <message>
        <source>Renamed {v0} to {name} on {v1:,} contacts.</source>
        <translation>Тег {v0} переименован в {name} у контактов: {v1:,}.</translation>
    </message>
    <message>
        <source>Saved tag {name}.</source>
        <translation>Тег {name} сохранён.</translation>
    </message>
    <message>
        <source>Merged {v0} into {v1}.</source>
        <translation>Тег {v0} объединён с {v1}.</translation>
    </message>
    <message>
        <source>Deleted tag {v0} from {v1:,} contacts.</source>
        <translation>Тег {v0} удалён у контактов: {v1:,}.</translation>
    </message>
    <message>
        <source>Type or choose a tag first.</source>
        <translation>Сначала введите или выберите тег.</translation>
    </message>
    <message>
        <source>No contacts {words}: nothing to change.</source>
        <translation>Нет контактов ({words}): менять нечего.</translation>
    </message>
    <message>
        <source>Nothing to change: all {selected:,} selected contacts already have tag {tag}.</source>
        <translation>Менять нечего: у всех выбранных контактов ({selected:,}) уже есть тег {tag}.</translation>
    </message>
    <message>
        <source>Nothing to change: none of the {selected:,} selected contacts has tag {tag}.</source>
        <translation>Менять нечего: ни у одного из выбранных контактов ({selected:,}) нет тега {tag}.</translation>
    </message>
    <message>
        <source>{verb} {tag} {where} {v0:,} of {v1:,} selected contacts.</source>
        <translation>{verb}: {tag} {where} {v0:,} из {v1:,} выбранных контактов.</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>тег</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>{ } Variable</source>
        <translation>{ } Переменная</translation>
    </message>
    <message>
        <source>Insert a contact field or a property of the trigger event</source>
        <translation>Вставить поле контакта или свойство события-триггера</translation>
    </message>
    <message>
        <source>Preview the message as this contact would receive it</source>
        <translation>Показать сообщение так, как его получит этот контакт</translation>
    </message>
    <message>
        <source>Preview as</source>
        <translation>Просмотр для</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Trigger event</source>
        <translation>Событие-триггер</translation>
    </message>
    <message>
        <source>Fallback: {{ contact.first_name or &quot;there&quot; }}</source>
        <translation>Запасное значение: {{ contact.first_name or &quot;there&quot; }}</translation>
    </message>
    <message>
        <source>{{ contact.first_name or &quot;there&quot; }}</source>
        <translation>{{ contact.first_name or &quot;there&quot; }}</translation>
    </message>
    <message>
        <source>Default: {{ contact.last_name | default(&apos;&apos;) }}</source>
        <translation>По умолчанию: {{ contact.last_name | default(&apos;&apos;) }}</translation>
    </message>
    <message>
        <source>{{ contact.last_name | default(&apos;&apos;) }}</source>
        <translation>{{ contact.last_name | default(&apos;&apos;) }}</translation>
    </message>
    <message>
        <source>Sample contact</source>
        <translation>Пример контакта</translation>
    </message>
</context>
<context>
    <name>TestContactDialog</name>
    <message>
        <source>Test “{name}” with a contact</source>
        <translation>Проверить «{name}» на контакте</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>event that starts it, e.g. cart_add (optional)</source>
        <translation>событие запуска, например cart_add (необязательно)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>properties as JSON, e.g. {&quot;cart_url&quot;: &quot;https://shop.example/c/1&quot;}</source>
        <translation>свойства в JSON, например {&quot;cart_url&quot;: &quot;https://shop.example/c/1&quot;}</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Свойства</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Walk for</source>
        <translation>Пройти за</translation>
    </message>
    <message>
        <source>Walk the flow</source>
        <translation>Пройти сценарий</translation>
    </message>
    <message>
        <source>Nothing is sent; the project is unchanged.</source>
        <translation>Ничего не отправляется; проект не меняется.</translation>
    </message>
    <message>
        <source>Properties: {exc}</source>
        <translation>Свойства: {exc}</translation>
    </message>
    <message>
        <source>Walking…</source>
        <translation>Прохождение…</translation>
    </message>
    <message>
        <source>properties must be a JSON object</source>
        <translation>свойства должны быть объектом JSON</translation>
    </message>
    <message>
        <source>Step id: {step}</source>
        <translation>Идентификатор шага: {step}</translation>
    </message>
    <message>
        <source>Waiting at step id(s): {steps}</source>
        <translation>Ждёт на шагах с идентификаторами: {steps}</translation>
    </message>
    <message>
        <source>left by the goal</source>
        <translation>вышел по цели</translation>
    </message>
    <message>
        <source>reached the end</source>
        <translation>дошёл до конца</translation>
    </message>
    <message>
        <source>; still waiting at {steps}</source>
        <translation>; всё ещё ждёт на шаге {steps}</translation>
    </message>
    <message>
        <source>{contact}: {messages}, {steps} lit{ending}{still}.</source>
        <translation>{contact}: {messages}, на пути {steps}{ending}{still}.</translation>
    </message>
    <message>
        <source>“{name}”</source>
        <translation>«{name}»</translation>
    </message>
</context>
<context>
    <name>TextInputDialog</name>
    <message>
        <source>The name cannot be empty.</source>
        <translation>Имя не может быть пустым.</translation>
    </message>
    <message>
        <source>Another flow already has this name.</source>
        <translation>Сценарий с таким именем уже есть.</translation>
    </message>
</context>
<context>
    <name>TidyLayoutCommand</name>
    <message>
        <source>Tidy layout</source>
        <translation>Упорядочить</translation>
    </message>
</context>
<context>
    <name>TimeOfDayEditor</name>
    <message>
        <source>At</source>
        <translation>В</translation>
    </message>
</context>
<context>
    <name>TriggerItem</name>
    <message>
        <source>The flow&apos;s trigger: who enters this flow. Click to edit the flow settings.</source>
        <translation>Триггер сценария: кто в него входит. Щёлкните, чтобы изменить настройки сценария.</translation>
    </message>
    <message>
        <source>Goal set</source>
        <translation>Цель задана</translation>
    </message>
    <message>
        <source>⚡ TRIGGER</source>
        <translation>⚡ ТРИГГЕР</translation>
    </message>
    <message>
        <source>a condition</source>
        <translation>условие</translation>
    </message>
    <message>
        <source>Goal: {what}</source>
        <translation>Цель: {what}</translation>
    </message>
    <message>
        <source> within {duration}</source>
        <translation> за {duration}</translation>
    </message>
</context>
<context>
    <name>VersionDiffDialog</name>
    <message>
        <source>Compare versions of “{name}”</source>
        <translation>Сравнение версий «{name}»</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <source>The two versions do the same thing.</source>
        <translation>Обе версии делают одно и то же.</translation>
    </message>
    <message>
        <source>+ {v0} added</source>
        <translation>+ {v0} добавлен</translation>
    </message>
    <message>
        <source>− {v0} removed</source>
        <translation>− {v0} удалён</translation>
    </message>
    <message>
        <source>~ {v0} changed</source>
        <translation>~ {v0} изменён</translation>
    </message>
    <message>
        <source>~ flow {v0}: {v1} → {v2}</source>
        <translation>~ сценарий {v0}: {v1} → {v2}</translation>
    </message>
</context>
<context>
    <name>WaTemplateEditor</name>
    <message>
        <source>template name</source>
        <translation>имя шаблона</translation>
    </message>
    <message>
        <source>params, comma-separated ({{ contact.first_name }}, …)</source>
        <translation>параметры через запятую ({{ contact.first_name }}, …)</translation>
    </message>
</context>
<context>
    <name>WebhookApprovalDialog</name>
    <message>
        <source>Approve webhooks</source>
        <translation>Одобрить вебхуки</translation>
    </message>
    <message>
        <source>“{flow_name}” was imported from {source}. Before it can run, approve the addresses it sends contact data to:</source>
        <translation>«{flow_name}» импортирован из {source}. Прежде чем он сможет работать, одобрите адреса, на которые он отправляет данные контактов:</translation>
    </message>
    <message>
        <source>hooks.example.com, *.example.com</source>
        <translation>hooks.example.com, *.example.com</translation>
    </message>
    <message>
        <source>Approved hosts for URLs built from contact data (comma-separated):</source>
        <translation>Одобренные хосты для адресов из данных контактов (через запятую):</translation>
    </message>
    <message>
        <source>Approve and activate</source>
        <translation>Одобрить и запустить</translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <source>Welcome to FlowCanvas</source>
        <translation>Добро пожаловать в FlowCanvas</translation>
    </message>
    <message>
        <source>Design automated email, SMS, Telegram, WhatsApp and push flows, and watch contacts move through them live.
A project is one file on this computer.</source>
        <translation>Проектируйте автоматические сценарии для email, SMS, Telegram, WhatsApp и push-уведомлений и смотрите, как по ним в реальном времени движутся контакты.
Проект — один файл на этом компьютере.</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>Новый проект…</translation>
    </message>
    <message>
        <source>New demo project…</source>
        <translation>Новый демо-проект…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>Открыть проект…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Недавние</translation>
    </message>
</context>
<context>
    <name>WindowFit</name>
    <message>
        <source>No keyring</source>
        <extracomment>Narrower than this, the status bar&apos;s texts get short (their long form stays in tool tips). Lower than this, the Problems dock keeps one line and the canvas gets the rest.</extracomment>
        <translation>Нет хранилища ключей</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>New project…</source>
        <translation>Новый проект…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>Открыть проект…</translation>
    </message>
    <message>
        <source>New flow…</source>
        <translation>Новый сценарий…</translation>
    </message>
    <message>
        <source>Create a flow, blank or from a preset</source>
        <translation>Создать сценарий, пустой или из шаблона</translation>
    </message>
    <message>
        <source>Import flow…</source>
        <translation>Импорт сценария…</translation>
    </message>
    <message>
        <source>Import a flow file as a new draft</source>
        <translation>Импортировать файл сценария как новый черновик</translation>
    </message>
    <message>
        <source>Export flow…</source>
        <translation>Экспорт сценария…</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <source>Close flow</source>
        <translation>Закрыть сценарий</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>Theme, language, projects folder and what new projects start with</source>
        <translation>Тема, язык, папка проектов и с чего начинаются новые проекты</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Find step…</source>
        <translation>Найти шаг…</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Show problems</source>
        <translation>Показать проблемы</translation>
    </message>
    <message>
        <source>Flow board</source>
        <translation>Доска сценариев</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>About FlowCanvas</source>
        <translation>О программе FlowCanvas</translation>
    </message>
    <message>
        <source>Channels and delivery…</source>
        <translation>Каналы и доставка…</translation>
    </message>
    <message>
        <source>Channel accounts, quiet hours, caps and the sandbox switch</source>
        <translation>Аккаунты каналов, тихие часы, лимиты и переключатель песочницы</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Open recent</source>
        <translation>Недавние проекты</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>F&amp;low</source>
        <translation>&amp;Сценарий</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>П&amp;роект</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Главная</translation>
    </message>
    <message>
        <source>No keyring: credentials cannot be saved</source>
        <translation>Нет хранилища ключей: учётные данные не сохранить</translation>
    </message>
    <message>
        <source>Space + drag, or middle mouse</source>
        <translation>Пробел + перетаскивание или средняя кнопка мыши</translation>
    </message>
    <message>
        <source>Ctrl + wheel</source>
        <translation>Ctrl + колесо</translation>
    </message>
    <message>
        <source>Connect steps</source>
        <translation>Соединить шаги</translation>
    </message>
    <message>
        <source>Drag from a port to a step</source>
        <translation>Перетащите от выхода к шагу</translation>
    </message>
    <message>
        <source>&lt;b&gt;FlowCanvas {v0}&lt;/b&gt;&lt;br&gt;Design and run automated multichannel flows.&lt;br&gt;Projects are single files; credentials stay in your system keyring.</source>
        <translation>&lt;b&gt;FlowCanvas {v0}&lt;/b&gt;&lt;br&gt;Проектируйте и запускайте автоматические многоканальные сценарии.&lt;br&gt;Проект — один файл; учётные данные хранятся в системном хранилище ключей.</translation>
    </message>
</context>
<context>
    <name>WindowRuntime</name>
    <message>
        <source>Read-only: this project is {reason}. Take over to edit or run it.</source>
        <extracomment>Why the window is read-only now (&apos;&apos; when it is not): another runner holds the project.</extracomment>
        <translation>Только чтение: этот проект {reason}. Перехватите, чтобы редактировать или запускать его.</translation>
    </message>
</context>
<context>
    <name>_TableEditor</name>
    <message>
        <source>+ Add</source>
        <translation>+ Добавить</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Удалить выбранное</translation>
    </message>
</context>
<context>
    <name>app_settings</name>
    <message>
        <source>Quiet hours must look like 21:00-08:00 (or be empty for none), not “{text}”.</source>
        <translation>Тихие часы задаются как 21:00-08:00 (или пусто — без них), а не «{text}».</translation>
    </message>
</context>
<context>
    <name>canvas.clipboard</name>
    <message>
        <source>Steps copied from {name}</source>
        <translation>Шаги, скопированные из {name}</translation>
    </message>
    <message>
        <source>Copied steps</source>
        <translation>Скопированные шаги</translation>
    </message>
</context>
<context>
    <name>canvas.step_item</name>
    <message>
        <source>No trigger yet: click to choose one</source>
        <translation>Триггера нет: щёлкните, чтобы выбрать</translation>
    </message>
    <message>
        <source>When {v0} happens</source>
        <translation>Когда происходит {v0}</translation>
    </message>
    <message>
        <source>When tag {v0} is added</source>
        <translation>Когда добавлен тег {v0}</translation>
    </message>
    <message>
        <source>When a contact matches a segment</source>
        <translation>Когда контакт подходит под сегмент</translation>
    </message>
    <message>
        <source>On the anniversary of {v0}</source>
        <translation>В годовщину {v0}</translation>
    </message>
    <message>
        <source>When a message{where} matches “{keyword}”</source>
        <translation>Когда сообщение{where} подходит под «{keyword}»</translation>
    </message>
    <message>
        <source>When a message arrives{where}</source>
        <translation>Когда приходит сообщение{where}</translation>
    </message>
    <message>
        <source>When a contact joins through a link</source>
        <translation>Когда контакт приходит по ссылке</translation>
    </message>
    <message>
        <source>When added by an operator</source>
        <translation>Когда добавлен оператором</translation>
    </message>
</context>
<context>
    <name>canvas.steptypes</name>
    <message>
        <source>Unknown step type</source>
        <extracomment>Palette groups in display order with their titles (the step registry&apos;s, through the service). Accent colour of each group (cards, palette glyphs, overview).</extracomment>
        <translation>Неизвестный тип шага</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>No system keyring</source>
        <translation>Нет системного хранилища ключей</translation>
    </message>
    <message>
        <source>No system keyring found</source>
        <translation>Системное хранилище ключей не найдено</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>Save the changes to “{name}”?</source>
        <translation>Сохранить изменения в «{name}»?</translation>
    </message>
    <message>
        <source>Your edits are lost if you close without saving the draft.</source>
        <translation>Если закрыть без сохранения черновика, правки пропадут.</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Не сохранять</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Team</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Email (SMTP)</source>
        <extracomment>channel key -&gt; (list label, page title, one-line description)</extracomment>
        <translation>Email (SMTP)</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Sends email through your SMTP server.</source>
        <translation>Отправляет email через ваш SMTP-сервер.</translation>
    </message>
    <message>
        <source>SMS (SMS.ru, Twilio)</source>
        <translation>SMS (SMS.ru, Twilio)</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Sends text messages through SMS.ru or Twilio.</source>
        <translation>Отправляет SMS через SMS.ru или Twilio.</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>Sends messages from your Telegram bot (create one with @BotFather).</source>
        <translation>Отправляет сообщения от вашего Telegram-бота (создайте его через @BotFather).</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Sends messages through the WhatsApp Business Cloud API.</source>
        <translation>Отправляет сообщения через WhatsApp Business Cloud API.</translation>
    </message>
    <message>
        <source>Web push</source>
        <translation>Веб-push</translation>
    </message>
    <message>
        <source>Sends browser notifications to subscribed contacts (VAPID).</source>
        <translation>Отправляет уведомления в браузер подписанным контактам (VAPID).</translation>
    </message>
    <message>
        <source>Sends messages as your VK community.</source>
        <translation>Отправляет сообщения от имени вашего сообщества VK.</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Вебхук</translation>
    </message>
    <message>
        <source>Calls your HTTPS endpoints; requests are signed when a secret is set.</source>
        <translation>Вызывает ваши HTTPS-адреса; запросы подписываются, если задан секрет.</translation>
    </message>
    <message>
        <source>Sandbox: nothing leaves this computer</source>
        <extracomment>SMS fields that belong to one provider only (shown for that provider)</extracomment>
        <translation>Песочница: ничего не уходит с этого компьютера</translation>
    </message>
    <message>
        <source>Messages land in the outbox with status “sandbox”. Switch it off to send for real.</source>
        <translation>Сообщения попадают в исходящие со статусом «sandbox». Выключите, чтобы отправлять по-настоящему.</translation>
    </message>
    <message>
        <source>Live: active flows send real messages through the channels below.</source>
        <translation>Боевой режим: активные сценарии отправляют настоящие сообщения через каналы ниже.</translation>
    </message>
    <message>
        <source>subscribed</source>
        <translation>подписан</translation>
    </message>
    <message>
        <source>unsubscribed</source>
        <translation>отписан</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Telegram chat</source>
        <translation>Чат Telegram</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Часовой пояс</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Последняя активность</translation>
    </message>
    <message>
        <source>Birthday (YYYY-MM-DD)</source>
        <translation>День рождения (ГГГГ-ММ-ДД)</translation>
    </message>
    <message>
        <source>FlowCanvas keeps channel credentials (bot tokens, API keys, SMTP passwords) only in your system keyring, never in the project file or an exported flow. No keyring is available on this computer, so credentials cannot be saved.

You can still design flows, import and export them, and run them in sandbox mode.

To send real messages, install and unlock a keyring (GNOME Keyring or KWallet on Linux; macOS Keychain and Windows Credential Manager work out of the box), then restart FlowCanvas.</source>
        <translation>FlowCanvas хранит учётные данные каналов (токены ботов, ключи API, пароли SMTP) только в системном хранилище ключей — никогда в файле проекта или экспортированном сценарии. На этом компьютере хранилища ключей нет, поэтому учётные данные сохранить нельзя.

Вы по-прежнему можете проектировать сценарии, импортировать и экспортировать их и запускать в песочнице.

Чтобы отправлять настоящие сообщения, установите и разблокируйте хранилище ключей (GNOME Keyring или KWallet в Linux; Связка ключей macOS и Диспетчер учётных данных Windows работают сразу), затем перезапустите FlowCanvas.</translation>
    </message>
    <message>
        <source>is</source>
        <translation>равно</translation>
    </message>
    <message>
        <source>is not</source>
        <translation>не равно</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>содержит</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>одно из</translation>
    </message>
    <message>
        <source>is set</source>
        <translation>задано</translation>
    </message>
    <message>
        <source>is not set</source>
        <translation>не задано</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>Дней с</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Последнее сообщение</translation>
    </message>
    <message>
        <source>All of</source>
        <translation>Все условия</translation>
    </message>
    <message>
        <source>Any of</source>
        <translation>Любое из</translation>
    </message>
    <message>
        <source>None of</source>
        <translation>Ни одно из</translation>
    </message>
    <message>
        <source>since entering the flow</source>
        <translation>с входа в сценарий</translation>
    </message>
    <message>
        <source>in the last day</source>
        <translation>за последний день</translation>
    </message>
    <message>
        <source>in the last 7 days</source>
        <translation>за последние 7 дней</translation>
    </message>
    <message>
        <source>in the last 30 days</source>
        <translation>за последние 30 дней</translation>
    </message>
    <message>
        <source>in the last 90 days</source>
        <translation>за последние 90 дней</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Пн</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Вт</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Ср</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Чт</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Пт</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Сб</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Вс</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>недели</translation>
    </message>
    <message>
        <source>days</source>
        <translation>дни</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>часы</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>минуты</translation>
    </message>
    <message>
        <source>the first branch continues, later ones end here</source>
        <translation>первая ветка продолжает, остальные заканчиваются здесь</translation>
    </message>
    <message>
        <source>every branch continues (runs this step again)</source>
        <translation>каждая ветка продолжает (шаг выполняется снова)</translation>
    </message>
    <message>
        <source>wait for every branch, then continue once</source>
        <translation>дождаться всех веток и продолжить один раз</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Вырезать</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Вставить</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Выделить всё</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>Вписать в окно</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>Масштаб по выделению</translation>
    </message>
    <message>
        <source>Tidy layout</source>
        <translation>Упорядочить</translation>
    </message>
    <message>
        <source>Team note</source>
        <translation>Заметка команды</translation>
    </message>
    <message>
        <source>Delivery error</source>
        <translation>Ошибка доставки</translation>
    </message>
    <message>
        <source>Stuck contact</source>
        <translation>Застрявший контакт</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 14 days</source>
        <translation>Последние 14 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Последние 90 дней</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Свой период</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Дошли</translation>
    </message>
    <message>
        <source>day</source>
        <extracomment>column key -&gt; its header</extracomment>
        <translation>день</translation>
    </message>
    <message>
        <source>new contacts</source>
        <translation>новые контакты</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активные</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>неактивные</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>покупки</translation>
    </message>
    <message>
        <source>purchases amount</source>
        <translation>сумма покупок</translation>
    </message>
    <message>
        <source>purchases new</source>
        <translation>покупки новых</translation>
    </message>
    <message>
        <source>purchases new amount</source>
        <translation>сумма покупок новых</translation>
    </message>
    <message>
        <source>flow</source>
        <translation>сценарий</translation>
    </message>
    <message>
        <source>name</source>
        <translation>имя</translation>
    </message>
    <message>
        <source>type</source>
        <translation>тип</translation>
    </message>
    <message>
        <source>reached</source>
        <translation>дошли</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправлено</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>доставлено</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>открыто</translation>
    </message>
    <message>
        <source>clicked</source>
        <translation>переходы</translation>
    </message>
    <message>
        <source>replied</source>
        <translation>ответы</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибки</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>пропущено</translation>
    </message>
    <message>
        <source>skip: cap</source>
        <translation>пропуск: лимит</translation>
    </message>
    <message>
        <source>skip: quiet hours</source>
        <translation>пропуск: тихие часы</translation>
    </message>
    <message>
        <source>skip: no address</source>
        <translation>пропуск: нет адреса</translation>
    </message>
    <message>
        <source>skip: unsubscribed</source>
        <translation>пропуск: отписан</translation>
    </message>
    <message>
        <source>waiting now</source>
        <translation>ждут сейчас</translation>
    </message>
    <message>
        <source>goal</source>
        <translation>цель</translation>
    </message>
    <message>
        <source>within</source>
        <translation>за срок</translation>
    </message>
    <message>
        <source>version</source>
        <translation>версия</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>входы</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>сконвертировались</translation>
    </message>
    <message>
        <source>conversion</source>
        <translation>конверсия</translation>
    </message>
    <message>
        <source>step</source>
        <translation>шаг</translation>
    </message>
    <message>
        <source>group</source>
        <translation>группа</translation>
    </message>
    <message>
        <source>size</source>
        <translation>размер</translation>
    </message>
    <message>
        <source>lift</source>
        <translation>прирост</translation>
    </message>
    <message>
        <source>p value</source>
        <translation>p-значение</translation>
    </message>
    <message>
        <source>prob beat control</source>
        <translation>вероятность обойти контроль</translation>
    </message>
    <message>
        <source>significant</source>
        <translation>значимо</translation>
    </message>
    <message>
        <source>open rate</source>
        <translation>доля открытий</translation>
    </message>
    <message>
        <source>click rate</source>
        <translation>доля переходов</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>прошли</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>отсев</translation>
    </message>
    <message>
        <source>sent {channel}</source>
        <translation>отправлено {channel}</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Открыто</translation>
    </message>
    <message>
        <source>Clicked</source>
        <translation>Переходы</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <extracomment>status -&gt; (label, text colour, background colour)</extracomment>
        <translation>Песочница</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Задержано</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Отправляется</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибки</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Нужна проверка</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Reason / error</source>
        <translation>Причина / ошибка</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Содержимое</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <source>From</source>
        <translation>От</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Метод</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Остановлен</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Работает</translation>
    </message>
    <message>
        <source>Flow</source>
        <extracomment>status -&gt; (text colour, background colour) of its pill</extracomment>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>In flow</source>
        <translation>Внутри</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>На паузе</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Прекращён</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Архивный</translation>
    </message>
    <message>
        <source>Fast-forwarding</source>
        <translation>Перемотка</translation>
    </message>
    <message>
        <source>Stopped: taken over</source>
        <translation>Остановлен: перехвачен</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Вошли</translation>
    </message>
    <message>
        <source>Inside now</source>
        <translation>Сейчас внутри</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Завершили</translation>
    </message>
    <message>
        <source>Reached goal</source>
        <translation>Достигли цели</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Вошли</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Ждут</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>Конверсия</translation>
    </message>
    <message>
        <source>Move to step…</source>
        <extracomment>action -&gt; (button text, verb for the confirmation, needs a reason)</extracomment>
        <translation>Переместить на шаг…</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Переместить</translation>
    </message>
    <message>
        <source>Remove from flow…</source>
        <translation>Вывести из сценария…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Вывести</translation>
    </message>
    <message>
        <source>Re-enter…</source>
        <translation>Запустить заново…</translation>
    </message>
    <message>
        <source>Re-enter</source>
        <translation>Запустить заново</translation>
    </message>
    <message>
        <source>Retry send…</source>
        <translation>Повторить отправку…</translation>
    </message>
    <message>
        <source>Retry the send for</source>
        <translation>Повторить отправку для</translation>
    </message>
    <message>
        <source>Clear tags…</source>
        <translation>Снять теги…</translation>
    </message>
    <message>
        <source>Clear every tag of</source>
        <translation>Снять все теги у</translation>
    </message>
    <message>
        <source>waiting now at</source>
        <translation>ждут сейчас на шаге</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>вошли на шаг</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>завершили шаг</translation>
    </message>
    <message>
        <source>failed at</source>
        <translation>с ошибкой на шаге</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>перемещено</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>удалено</translation>
    </message>
    <message>
        <source>re-entered</source>
        <translation>запущено заново</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>повторено</translation>
    </message>
    <message>
        <source>cleared tags of</source>
        <translation>сняты теги</translation>
    </message>
    <message>
        <source>No colour</source>
        <extracomment>Colours offered for tags (name, #RRGGBB); &quot;&quot; is no colour.</extracomment>
        <translation>Без цвета</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Серый</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Красный</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Оранжевый</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Жёлтый</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Зелёный</translation>
    </message>
    <message>
        <source>Teal</source>
        <translation>Бирюзовый</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Синий</translation>
    </message>
    <message>
        <source>Indigo</source>
        <translation>Индиго</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Фиолетовый</translation>
    </message>
    <message>
        <source>Pink</source>
        <translation>Розовый</translation>
    </message>
    <message>
        <source>Contact ids</source>
        <extracomment>(key, label) of the ways to choose contacts for a bulk change</extracomment>
        <translation>Идентификаторы контактов</translation>
    </message>
    <message>
        <source>CSV file of ids</source>
        <translation>CSV-файл идентификаторов</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Условие</translation>
    </message>
    <message>
        <source>Contacts at a step</source>
        <translation>Контакты на шаге</translation>
    </message>
    <message>
        <source>Contacts browser filter</source>
        <translation>Фильтр обзора контактов</translation>
    </message>
    <message>
        <source>added</source>
        <extracomment>kind -&gt; (frame colour, label); the canvas and the list use the same colours</extracomment>
        <translation>добавлен</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>изменён</translation>
    </message>
    <message>
        <source>An event happens</source>
        <translation>Происходит событие</translation>
    </message>
    <message>
        <source>A tag is added</source>
        <translation>Добавлен тег</translation>
    </message>
    <message>
        <source>Contact matches a segment</source>
        <translation>Контакт подходит под сегмент</translation>
    </message>
    <message>
        <source>A date comes round (birthday…)</source>
        <translation>Наступает дата (день рождения…)</translation>
    </message>
    <message>
        <source>An inbound message matches</source>
        <translation>Входящее сообщение подходит</translation>
    </message>
    <message>
        <source>Contact joins through a link</source>
        <translation>Контакт приходит по ссылке</translation>
    </message>
    <message>
        <source>Added by hand (operators, CLI)</source>
        <translation>Добавлен вручную (операторы, CLI)</translation>
    </message>
    <message>
        <source>Once, at activation</source>
        <translation>Один раз, при запуске</translation>
    </message>
    <message>
        <source>Whenever they start matching</source>
        <translation>Когда начинают подходить</translation>
    </message>
    <message>
        <source>Re-checked on a schedule</source>
        <translation>Перепроверять по расписанию</translation>
    </message>
    <message>
        <source>is exactly</source>
        <translation>точно равно</translation>
    </message>
    <message>
        <source>matches the pattern</source>
        <translation>подходит под шаблон</translation>
    </message>
    <message>
        <source>means the same</source>
        <translation>по смыслу</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Любой</translation>
    </message>
    <message>
        <source>Only once, ever</source>
        <translation>Только один раз</translation>
    </message>
    <message>
        <source>Every time the trigger fires</source>
        <translation>Каждый раз, когда срабатывает триггер</translation>
    </message>
    <message>
        <source>Again after a cooldown</source>
        <translation>Снова после паузы</translation>
    </message>
    <message>
        <source>No goal</source>
        <translation>Без цели</translation>
    </message>
    <message>
        <source>A condition becomes true</source>
        <translation>Условие становится истинным</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Ряд</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>URL or data</source>
        <translation>URL или данные</translation>
    </message>
    <message>
        <source>Sandbox: messages land in the outbox with status “sandbox”; nothing leaves this computer. Project &gt; Channels and delivery… switches it off.</source>
        <translation>Песочница: сообщения попадают в исходящие со статусом «sandbox»; ничего не уходит с этого компьютера. Выключается в окне «Каналы и доставка…» меню «Проект».</translation>
    </message>
    <message>
        <source>Live: active flows send real email, SMS and messages to real people. Project &gt; Channels and delivery… switches sandbox mode back on.</source>
        <translation>Боевой режим: активные сценарии отправляют настоящие письма, SMS и сообщения настоящим людям. Песочница снова включается в окне «Каналы и доставка…» меню «Проект».</translation>
    </message>
    <message>
        <source>inactive {channel}</source>
        <translation>неактивные {channel}</translation>
    </message>
    <message>
        <source>skip: {reason}</source>
        <translation>пропуск: {reason}</translation>
    </message>
</context>
<context>
    <name>mode_indicator</name>
    <message>
        <source>Switch sandbox off?</source>
        <translation>Выключить песочницу?</translation>
    </message>
    <message>
        <source>Active flows will send real email, SMS and messages to real people from now on.</source>
        <translation>С этого момента активные сценарии будут отправлять настоящие письма, SMS и сообщения настоящим людям.</translation>
    </message>
    <message>
        <source>Messages already in the outbox as “sandbox” are not sent again.</source>
        <translation>Сообщения, уже лежащие в исходящих со статусом «sandbox», повторно не отправляются.</translation>
    </message>
    <message>
        <source>Send for real</source>
        <translation>Отправлять по-настоящему</translation>
    </message>
    <message>
        <source>Stay in sandbox</source>
        <translation>Остаться в песочнице</translation>
    </message>
</context>
<context>
    <name>outbox_viewer</name>
    <message>
        <source>&lt;p style=&apos;color:#6b7280&apos;&gt;Other fields&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#6b7280&apos;&gt;Другие поля&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>runtime_status</name>
    <message>
        <source>The project&apos;s runner did not start: {name__}: {error}</source>
        <translation>Исполнитель проекта не запустился: {name__}: {error}</translation>
    </message>
</context>
<context>
    <name>tag_dialogs</name>
    <message>
        <source>Why (kept in each contact&apos;s tag history)</source>
        <translation>Причина (сохраняется в истории тегов каждого контакта)</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n ошибка</numerusform>
            <numerusform>%n ошибки</numerusform>
            <numerusform>%n ошибок</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n предупреждение</numerusform>
            <numerusform>%n предупреждения</numerusform>
            <numerusform>%n предупреждений</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n контакт</numerusform>
            <numerusform>%n контакта</numerusform>
            <numerusform>%n контактов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting contact(s)</source>
        <translation>
            <numerusform>%n ожидающий контакт</numerusform>
            <numerusform>%n ожидающих контакта</numerusform>
            <numerusform>%n ожидающих контактов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n попытка</numerusform>
            <numerusform>%n попытки</numerusform>
            <numerusform>%n попыток</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n сообщение</numerusform>
            <numerusform>%n сообщения</numerusform>
            <numerusform>%n сообщений</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n шаг</numerusform>
            <numerusform>%n шага</numerusform>
            <numerusform>%n шагов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProblemChecker</name>
    <message>
        <source>Warning: </source>
        <translation>Предупреждение: </translation>
    </message>
</context>
<context>
    <name>TrialOverlay</name>
    <message>
        <source>at once</source>
        <translation>сразу</translation>
    </message>
    <message numerus="yes">
        <source>≈ %n predicted</source>
        <translation>
            <numerusform>≈ %n по прогнозу</numerusform>
            <numerusform>≈ %n по прогнозу</numerusform>
            <numerusform>≈ %n по прогнозу</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n wait</source>
        <translation>
            <numerusform>%n ждёт</numerusform>
            <numerusform>%n ждут</numerusform>
            <numerusform>%n ждут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held</source>
        <translation>
            <numerusform>%n задержан</numerusform>
            <numerusform>%n задержаны</numerusform>
            <numerusform>%n задержаны</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped by caps</source>
        <translation>
            <numerusform>%n пропущен из-за лимитов</numerusform>
            <numerusform>%n пропущены из-за лимитов</numerusform>
            <numerusform>%n пропущены из-за лимитов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FlowScene</name>
    <message>
        <source>first</source>
        <translation>первая</translation>
    </message>
    <message>
        <source>each</source>
        <translation>каждая</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source>join: {mode}</source>
        <translation>слияние: {mode}</translation>
    </message>
    <message>
        <source>start</source>
        <translation>начало</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>step id {step}</source>
        <translation>id шага {step}</translation>
    </message>
</context>
<context>
    <name>TourCard</name>
    <message>
        <source>Skip tour</source>
        <translation>Пропустить обзор</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>{n} из {total}</translation>
    </message>
    <message>
        <source>Tour</source>
        <translation>Обзор возможностей</translation>
    </message>
</context>
<context>
    <name>TourStop</name>
    <message>
        <source>Steps</source>
        <translation>Шаги</translation>
    </message>
    <message>
        <source>Drag a step from here onto the canvas (or double-click it) and connect it with a drag from a port.</source>
        <translation>Перетащите шаг отсюда на холст (или дважды щёлкните по нему) и соедините его, потянув от выхода.</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Инспектор</translation>
    </message>
    <message>
        <source>Click a step to edit it here: texts with a live preview, waits, conditions. Every edit can be undone.</source>
        <translation>Щёлкните шаг, чтобы изменить его здесь: тексты с предпросмотром, ожидания, условия. Любую правку можно отменить.</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Публикация</translation>
    </message>
    <message>
        <source>Nothing changes for contacts until you publish. Problems are listed below and block publishing; contacts already inside stay on their version.</source>
        <translation>Для контактов ничего не меняется, пока вы не опубликуете. Проблемы перечислены внизу и блокируют публикацию; контакты, которые уже внутри, остаются на своей версии.</translation>
    </message>
    <message>
        <source>Live counts</source>
        <translation>Живые счётчики</translation>
    </message>
    <message>
        <source>The chips on each card count who entered, who waits there now, who is done and who failed; click a chip to see the contacts.</source>
        <translation>Значки на каждой карточке считают, кто вошёл, кто ждёт там сейчас, кто завершил и у кого ошибка; щёлкните значок, чтобы увидеть контакты.</translation>
    </message>
    <message>
        <source>Stuck contacts</source>
        <translation>Застрявшие контакты</translation>
    </message>
    <message>
        <source>Right-click a step and choose Stuck contacts: everyone held there with the reason (quiet hours, a cap, a missing address) and actions to move them on.</source>
        <translation>Щёлкните шаг правой кнопкой и выберите «Застрявшие контакты»: все, кто задержан там, с причиной (тихие часы, лимит, нет адреса) и действия, чтобы двинуть их дальше.</translation>
    </message>
</context>
<context>
    <name>StatusWords</name>
    <message>
        <source>subscribed</source>
        <translation>подписан</translation>
    </message>
    <message>
        <source>unsubscribed</source>
        <translation>отписан</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>bounced</source>
        <translation>недоставляемый</translation>
    </message>
    <message>
        <source>complained</source>
        <translation>пожаловался</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>неактивен</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активен</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>завершён</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>вышел</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>прекращён</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>ждёт</translation>
    </message>
    <message>
        <source>held</source>
        <translation>задержан</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>перемещён</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправлено</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>в очереди</translation>
    </message>
    <message>
        <source>sandbox</source>
        <translation>песочница</translation>
    </message>
    <message>
        <source>add</source>
        <translation>добавлен</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>снят</translation>
    </message>
    <message>
        <source>goal</source>
        <translation>цель</translation>
    </message>
    <message>
        <source>import</source>
        <translation>импорт</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>step {step} of flow &apos;{flow}&apos;</source>
        <translation>шаг {step} сценария «{flow}»</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>канал</translation>
    </message>
    <message>
        <source>status</source>
        <translation>статус</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>причина</translation>
    </message>
    <message>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>event</source>
        <translation>событие</translation>
    </message>
    <message>
        <source>event at</source>
        <translation>время события</translation>
    </message>
    <message>
        <source>until</source>
        <translation>до</translation>
    </message>
    <message>
        <source>added</source>
        <translation>добавлены</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>сняты</translation>
    </message>
    <message>
        <source>message no.</source>
        <translation>сообщение №</translation>
    </message>
    <message>
        <source>exit</source>
        <translation>выход</translation>
    </message>
</context>
<context>
    <name>TagsEditor</name>
    <message>
        <source>vip, newsletter</source>
        <translation>vip, рассылка</translation>
    </message>
</context>
</TS>
