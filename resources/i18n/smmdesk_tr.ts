<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr" sourcelanguage="en">
<context>
    <name>Activity</name>
    <message>
        <location filename="../../ui/activity.py" line="+50"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>stopping after the current request…</source>
        <translation>şu anki istek bitince duruyor…</translation>
    </message>
</context>
<context>
    <name>AlertsView</name>
    <message>
        <location filename="../../ui/alerts/view.py" line="+221"/>
        <location line="+25"/>
        <source>Alerts</source>
        <translation>Uyarılar</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>What changed</source>
        <translation>Ne değişti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show what changed on this alert&apos;s panel in the week up to it</source>
        <translation>Bu uyarının panelinde, uyarıya kadarki hafta içinde neyin değiştiğini göster</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter or double-click: show the order, or what changed on the panel</source>
        <translation>Enter veya çift tıklama: siparişi ya da panelde neyin değiştiğini göster</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Showing the newest %1 of %2 alerts.</source>
        <translation>%2 uyarının en yeni %1 tanesi gösteriliyor.</translation>
    </message>
    <message>
        <source>No alerts.</source>
        <translation type="vanished">Uyarı yok.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cleared</source>
        <translation>Giderildi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Could not load the alerts: %1</source>
        <translation>Uyarılar yüklenemedi: %1</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+199"/>
        <source>Low balance</source>
        <translation>Düşük bakiye</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price changed</source>
        <translation>Fiyat değişti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service removed</source>
        <translation>Hizmet kaldırıldı</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order needs attention</source>
        <translation>Sipariş ilgi bekliyor</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Scheduled runs missed</source>
        <translation>Zamanlanmış çalıştırmalar kaçırıldı</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is not found on the panel.</source>
        <translation>Sipariş %1 panelde bulunamadı.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Order %1 may or may not have been placed: check it on the panel.</source>
        <translation>Sipariş %1 verilmiş olabilir de olmayabilir de: panelden kontrol edin.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The panel no longer lists service #%1 %2.</source>
        <translation>Panel artık #%1 %2 hizmetini listelemiyor.</translation>
    </message>
    <message>
        <source>%1 scheduled run(s) of %2 were missed while SMM Desk was not running.</source>
        <translation type="vanished">SMM Desk çalışmıyorken %2 için %1 zamanlanmış çalıştırma kaçırıldı.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A scheduled order (%1) was refused: %2</source>
        <translation>Zamanlanmış bir sipariş (%1) reddedildi: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The balance on %1 is %2, below %3.</source>
        <translation>%1 bakiyesi %2, %3 sınırının altında.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Service #%1 %2: the price changed from %3 to %4.</source>
        <translation>#%1 %2 hizmeti: fiyat %3 iken %4 oldu.</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Schedules held: the clock jumped</source>
        <translation>Zamanlamalar bekletildi: saat ileri atladı</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Automatic refills refused</source>
        <translation>Otomatik telafiler reddedildi</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scheduled order waits for you</source>
        <translation>Zamanlanmış sipariş sizi bekliyor</translation>
    </message>
    <message>
        <source>%1 scheduled run(s) of %2 were missed while SMM Desk was not running (or the computer was asleep).</source>
        <translation type="vanished">%2 için %1 zamanlanmış çalıştırma, SMM Desk çalışmıyorken (ya da bilgisayar uykudayken) kaçırıldı.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A scheduled order of %1 waits for you: %2 Resume it on the Scheduled page.</source>
        <translation>%1 için zamanlanmış bir sipariş sizi bekliyor: %2 Zamanlanmış sayfasında sürdürün.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%2 refused the automatic refill of %1 order(s) %4 times in a row (%3). SMM Desk asks again at the next interval.</source>
        <translation>%2, %1 siparişin otomatik telafisini art arda %4 kez reddetti (%3). SMM Desk bir sonraki aralıkta yeniden ister.</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>The computer&apos;s clock jumped %1 minutes ahead. No scheduled order is placed until you confirm the clock is right (Scheduled page).</source>
        <translation>Bilgisayarın saati %1 dakika ileri atladı. Saatin doğru olduğunu onaylayana kadar hiçbir zamanlanmış sipariş verilmez (Zamanlanmış sayfası).</translation>
    </message>
    <message>
        <source>%1 scheduled run(s) of %2 were not placed in time.</source>
        <translation type="vanished">%2 için %1 zamanlanmış çalıştırma zamanında verilemedi.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 order(s) on %2 will not be refilled automatically any more: the panel says they cannot be refilled (%3).</source>
        <translation>%2 üzerindeki %1 sipariş artık otomatik olarak telafi edilmeyecek: panel bunların telafi edilemeyeceğini söylüyor (%3).</translation>
    </message>
    <message>
        <source>Enter or double-click: show the order</source>
        <translation type="vanished">Enter veya çift tıklama: siparişi göster</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/view.py" line="-6"/>
        <source>No alerts. They appear here, and as desktop notifications, when a favourite&apos;s price changes, a favourite or scheduled service is removed, an order needs attention, or a balance falls below the threshold you set.</source>
        <translation>Uyarı yok. Bir favorinin fiyatı değiştiğinde, bir favori ya da zamanlanmış hizmet kaldırıldığında, bir sipariş ilgilenmenizi beklediğinde veya bakiye belirlediğiniz eşiğin altına düştüğünde burada ve masaüstü bildirimi olarak görünürler.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose them in Settings → Automation…</source>
        <translation>Ayarlar → Otomasyon… bölümünden seçin</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-23"/>
        <source>(local %1)</source>
        <translation>(yerel %1)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>“%1” for %2</source>
        <translation>%2 için “%1”</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Margin under your minimum</source>
        <translation>Marj, belirlediğiniz alt sınırın altında</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>every customer without a rule of their own</source>
        <translation>kendi kuralı olmayan her müşteri</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customers: %1.</source>
        <translation>Müşteriler: %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedules of it: %1.</source>
        <translation>Bu hizmetin zamanlamaları: %1.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Service #%1 %2: at its new price, a sell price leaves a margin of %3, under your minimum of %4.</source>
        <translation>#%1 %2 hizmeti: yeni fiyatıyla bir satış fiyatı %3 marj bırakıyor, alt sınırınız olan %4 değerinin altında.</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/view.py" line="-70"/>
        <source>Use the successor</source>
        <translation>Yerine geleni kullan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-point the favourite, schedules, automatic-refill and price rules of the removed service to the successor this alert proposes</source>
        <translation>Kaldırılan hizmetin favorisini, zamanlamalarını, otomatik telafi ve fiyat kurallarını bu uyarının önerdiği yerine gelen hizmete yönlendir</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-35"/>
        <source>ask the panel&apos;s support</source>
        <translation>panelin desteğine sorabilir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancel it (this service allows it)</source>
        <translation>iptal edebilir (bu hizmet izin veriyor)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order the rest elsewhere (Compare)</source>
        <translation>kalanını başka yerden sipariş edebilirsiniz (Karşılaştır)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Refill guarantee ends soon</source>
        <translation>Telafi garantisi yakında bitiyor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can %1.</source>
        <translation>Şunları yapabilirsiniz: %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order stuck: not started</source>
        <translation>Sipariş takıldı: başlamadı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order slower than usual</source>
        <translation>Sipariş her zamankinden yavaş</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order %1 has not started after %2 hours.</source>
        <translation>%1 siparişi %2 saattir başlamadı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order %1 is slower than this service usually is: in progress for %2 hours.</source>
        <translation>%1 siparişi bu hizmetin her zamankinden yavaş: %2 saattir sürüyor.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The refill guarantee of order %1 (%2) ends in %3 day(s): check whether it dropped and ask for a refill before then.</source>
        <translation>%1 siparişinin (%2) telafi garantisi %3 gün içinde bitiyor: düşüş olup olmadığını kontrol edin ve o zamana kadar telafi isteyin.</translation>
    </message>
    <message numerus="yes">
        <location line="-17"/>
        <source>%n scheduled run(s) of %1: missed while SMM Desk was not running (or the computer was asleep).</source>
        <translation>
            <numerusform>%1 için %n zamanlanmış çalıştırma: SMM Desk çalışmıyorken (ya da bilgisayar uykudayken) kaçırıldı.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n scheduled run(s) of %1: not placed in time.</source>
        <translation>
            <numerusform>%1 için %n zamanlanmış çalıştırma: zamanında verilemedi.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutoRefillDialog</name>
    <message>
        <location filename="../../ui/refills/dialog.py" line="+62"/>
        <source>Refill automatically</source>
        <translation>Otomatik yeniden doldur</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The panel does not offer refill for this service: nothing will be requested.</source>
        <translation>Panel bu hizmet için yeniden doldurma sunmuyor: hiçbir şey istenmeyecek.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>As the default (Settings → Automation)</source>
        <translation>Varsayılan gibi (Ayarlar → Otomasyon)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On</source>
        <translation>Açık</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>Kapalı</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refill automatically:</source>
        <translation>Otomatik yeniden doldur:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>From the service&apos;s name: not stated</source>
        <translation>Hizmetin adından: belirtilmemiş</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From the service&apos;s name: lifetime (%1)</source>
        <translation>Hizmetin adından: ömür boyu (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From the service&apos;s name: %1 days (%2)</source>
        <translation>Hizmetin adından: %1 gün (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Days:</source>
        <translation>Gün:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lifetime</source>
        <translation>Ömür boyu</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refill window:</source>
        <translation>Yeniden doldurma süresi:</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Refill window in days</source>
        <translation>Gün olarak yeniden doldurma süresi</translation>
    </message>
</context>
<context>
    <name>AutomationDialog</name>
    <message>
        <location filename="../../ui/shell/automation_prefs.py" line="+79"/>
        <source>Automation</source>
        <translation>Otomasyon</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Running</source>
        <translation>Çalışma</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep running in the system tray when the window is closed</source>
        <translation>Pencere kapatıldığında sistem tepsisinde çalışmaya devam et</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start at login</source>
        <translation>Oturum açılınca başlat</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scheduled orders</source>
        <translation>Zamanlanmış siparişler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> min</source>
        <translation> dk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place a missed run when less late than:</source>
        <translation>Kaçırılan çalıştırmayı şu kadardan az gecikmişse ver:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause a schedule when the price rose by more than:</source>
        <translation>Fiyat şu orandan fazla artarsa zamanlamayı duraklat:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic refills</source>
        <translation>Otomatik yeniden doldurmalar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refill every order of services with refill automatically</source>
        <translation>Yeniden doldurmalı hizmetlerin her siparişi için otomatik yeniden doldurma iste</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> h</source>
        <translation> sa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First refill after:</source>
        <translation>İlk yeniden doldurma şu süreden sonra:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most one refill every:</source>
        <translation>En fazla şu sürede bir yeniden doldurma:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alerts</source>
        <translation>Uyarılar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balance below the threshold</source>
        <translation>Bakiye sınırın altında</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A favourite&apos;s price changed by more than:</source>
        <translation>Bir favorinin fiyatı şu orandan fazla değişti:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A favourite or scheduled service was removed</source>
        <translation>Favori veya zamanlanmış bir hizmet kaldırıldı</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An order needs attention</source>
        <translation>Bir sipariş ilgi bekliyor</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>no alert</source>
        <translation>uyarı yok</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Balance threshold on %1:</source>
        <translation>%1 için bakiye sınırı:</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>A balance threshold is not a number.</source>
        <translation>Bir bakiye sınırı sayı değil.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Could not change start at login: %1</source>
        <translation>Oturum açılınca başlatma değiştirilemedi: %1</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Price change in percent</source>
        <translation>Yüzde olarak fiyat değişimi</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A new price leaves a sell price a margin under:</source>
        <translation>Yeni bir fiyat, satış fiyatına şu oranın altında marj bırakıyor:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Minimum margin in percent</source>
        <translation>Yüzde olarak en düşük marj</translation>
    </message>
</context>
<context>
    <name>AutomationTimer</name>
    <message>
        <location filename="../../ui/schedules/timer.py" line="+105"/>
        <source>Scheduled orders and alerts not checked</source>
        <translation>Zamanlanmış siparişler ve uyarılar denetlenmedi</translation>
    </message>
</context>
<context>
    <name>AutomationUi</name>
    <message>
        <source>Scheduled</source>
        <translation type="vanished">Zamanlanmış</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="vanished">Uyarılar</translation>
    </message>
    <message>
        <location filename="../../ui/shell/automation.py" line="+84"/>
        <source>&amp;Automation…</source>
        <translation>&amp;Otomasyon…</translation>
    </message>
    <message>
        <source>Refill automatically…</source>
        <translation type="vanished">Otomatik yeniden doldur…</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Order %1 · #%2 %3</source>
        <translation>Sipariş %1 · #%2 %3</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>Sc&amp;heduled</source>
        <translation>&amp;Zamanlanmış</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Alerts</source>
        <translation>&amp;Uyarılar</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+3"/>
        <source>Refill a&amp;utomatically…</source>
        <translation>&amp;Otomatik yeniden doldur…</translation>
    </message>
</context>
<context>
    <name>BooksUi</name>
    <message>
        <location filename="../../ui/shell/books.py" line="+34"/>
        <source>C&amp;ustomers</source>
        <translation>&amp;Müşteriler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reports</source>
        <translation>&amp;Raporlar</translation>
    </message>
</context>
<context>
    <name>ChangesView</name>
    <message>
        <location filename="../../ui/catalogue/view.py" line="+48"/>
        <source>Last 24 hours</source>
        <translation>Son 24 saat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Son 7 gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Son 30 gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 90 days</source>
        <translation>Son 90 gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything kept</source>
        <translation>Saklanan her şey</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation>Kaldırıldı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Renumbered</source>
        <translation>Numarası değişti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price up</source>
        <translation>Fiyat arttı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price down</source>
        <translation>Fiyat düştü</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>When</source>
        <translation>Ne zaman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Değişiklik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Successor</source>
        <translation>Yerine gelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Old price</source>
        <translation>Eski fiyat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New price</source>
        <translation>Yeni fiyat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>Fark</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>What changed</source>
        <translation>Ne değişti</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Panel:</source>
        <translation>&amp;Panel:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;eriod:</source>
        <translation>&amp;Dönem:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Period</source>
        <translation>Dönem</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh what changed</source>
        <translation>Değişenleri yenile</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Catalogue changes</source>
        <translation>Katalog değişiklikleri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New, removed and renumbered services and price changes of the chosen panel and period</source>
        <translation>Seçilen panel ve dönemdeki yeni, kaldırılan ve numarası değişen hizmetler ile fiyat değişiklikleri</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>No panel yet: add one, and what its refreshes change shows here.</source>
        <translation>Henüz panel yok: bir panel ekleyin; yenilemelerinin değiştirdikleri burada görünür.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing changed on this panel in this period. Each refresh of its services keeps what changed.</source>
        <translation>Bu panelde bu dönemde hiçbir şey değişmedi. Hizmetlerinin her yenilenmesi değişenleri saklar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 new, %2 removed, %3 renumbered, %4 price rises, %5 price drops (prices per 1000, in %6).</source>
        <translation>%1 yeni, %2 kaldırılan, %3 numarası değişen, %4 fiyat artışı, %5 fiyat düşüşü (fiyatlar 1000 başına, %6 cinsinden).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Could not read what changed: %1</source>
        <translation>Değişenler okunamadı: %1</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+18"/>
        <source>The week up to the alert (%1)</source>
        <translation>Uyarıya kadarki hafta (%1)</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <location filename="../../ui/compare/panel.py" line="+145"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price / 1000</source>
        <translation>Fiyat / 1000</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>Fark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Min–max</source>
        <translation>Min–maks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refill</source>
        <translation>Telafi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed</source>
        <translation>Damla besleme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg time</source>
        <translation>Ort. süre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance covers</source>
        <translation>Bakiye yeter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Match</source>
        <translation>Benzerlik</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+6"/>
        <source>How alike the two services are (platform, product and type agree; country, refill, quality and speed rank)</source>
        <translation>İki hizmetin ne kadar benzediği (platform, ürün ve tür aynı; ülke, telafi, kalite ve hız sıralamayı belirler)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>hayır</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>On the panel: %1</source>
        <translation>Panelde: %1</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>This order there: about %1</source>
        <translation>Bu sipariş orada: yaklaşık %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No exchange rate for %1: shown in the panel&apos;s own currency and not compared</source>
        <translation>%1 için döviz kuru yok: panelin kendi para biriminde gösterilir ve karşılaştırılmaz</translation>
    </message>
    <message>
        <location filename="../../ui/compare/panel.py" line="+8"/>
        <source>Price / package</source>
        <translation>Fiyat / paket</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-1"/>
        <source>%1 (simulated)</source>
        <translation>%1 (simülasyon)</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>The demo panel simulates orders: listed apart, never offered as a cheaper route</source>
        <translation>Demo panel siparişleri yalnızca taklit eder: ayrı listelenir, hiçbir zaman daha ucuz yol olarak önerilmez</translation>
    </message>
    <message>
        <location filename="../../ui/compare/panel.py" line="-7"/>
        <source>Delivery</source>
        <translation>Teslimat</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-4"/>
        <source>no record yet</source>
        <translation>henüz kayıt yok</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n sipariş</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fewer than 5 of your orders: ranked by what its name promises</source>
        <translation>5&apos;ten az siparişiniz var: adının vaat ettiğine göre sıralandı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than 30 % of its orders ended Partial or Canceled: never offered as a cheaper route</source>
        <translation>Siparişlerinin yüzde 30’undan fazlası Kısmi veya İptal edildi olarak bitti: hiçbir zaman daha ucuz yol olarak önerilmez</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bad record: %1</source>
        <translation>Kötü kayıt: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It starts more than 3 times later than this service: never offered as a cheaper route</source>
        <translation>Bu hizmetten 3 kattan daha geç başlıyor: hiçbir zaman daha ucuz yol olarak önerilmez</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>starts in %1</source>
        <translation>%1 içinde başlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 not in full</source>
        <translation>%1 tam teslim edilmedi</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <location filename="../../ui/compare/panel.py" line="+225"/>
        <location line="+48"/>
        <source>Compare across panels</source>
        <translation>Paneller arasında karşılaştır</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Choose a service and press Compare (Ctrl+Shift+C).</source>
        <translation>Bir hizmet seçip Karşılaştır’a basın (Ctrl+Shift+C).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Looking for the same service on your panels…</source>
        <translation>Aynı hizmet panellerinizde aranıyor…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>This service is not in the panel&apos;s list (any more).</source>
        <translation>Bu hizmet panelin listesinde (artık) yok.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 on %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No equivalent found on your panels (the same platform, product and type).</source>
        <translation>Panellerinizde eşdeğeri bulunamadı (aynı platform, ürün ve tür).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Here: %1 per 1000. Best matches first; double-click or Enter to order there.</source>
        <translation>Burada: 1000 başına %1. En iyi eşleşmeler önce; orada sipariş vermek için çift tıklayın veya Enter’a basın.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The comparison failed: %1</source>
        <translation>Karşılaştırma başarısız oldu: %1</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Here: %1 per package. Best matches first; double-click or Enter to order there.</source>
        <translation>Burada: paket başına %1. En iyi eşleşmeler önce; orada sipariş vermek için çift tıklayın veya Enter’a basın.</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>Equivalent services</source>
        <translation>Eşdeğer hizmetler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or double-click: order on that panel</source>
        <translation>Enter veya çift tıklama: o panelden sipariş ver</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Ranked %1: %2 of %3 by your own orders there (at least 5), the others by what their names promise.</source>
        <translation>Sıralama (%1): %3 hizmetten %2 tanesi oradaki kendi siparişlerinize göre (en az 5), diğerleri adlarının vaat ettiğine göre.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n with a bad record (many Partial or Canceled, or a slow start) ranked last.</source>
        <translation>
            <numerusform>Kötü kayıtlı %n hizmet (çok Kısmi veya İptal edildi ya da geç başlama) en sona kondu.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-251"/>
        <source>Balanced</source>
        <translation>Dengeli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cheapest</source>
        <translation>En ucuz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fastest</source>
        <translation>En hızlı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most reliable</source>
        <translation>En güvenilir</translation>
    </message>
    <message>
        <location line="+182"/>
        <source>Rank by</source>
        <translation>Sıralama ölçütü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rank the equivalents by price, by how fast your orders there started, by how often they delivered in full, or all of these (balanced)</source>
        <translation>Eşdeğerleri fiyata, oradaki siparişlerinizin ne kadar hızlı başladığına, ne sıklıkla tam teslim edildiğine ya da bunların hepsine (dengeli) göre sıralayın</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Rank by:</source>
        <translation>&amp;Sıralama ölçütü:</translation>
    </message>
</context>
<context>
    <name>ComparePrices</name>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+5"/>
        <source>%n day(s)</source>
        <comment>refill</comment>
        <translation>
            <numerusform>%n gün</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <comment>refill</comment>
        <translation>yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>length not stated</source>
        <comment>refill</comment>
        <translation>süresi belirtilmemiş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lifetime</source>
        <comment>refill</comment>
        <translation>ömür boyu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ECB</source>
        <translation>AMB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>typed</source>
        <translation>elle girildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>≈ converted from %1 on the panel</source>
        <translation>≈ paneldeki %1 fiyatından çevrildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>≈ converted from %1 on the panel at %2</source>
        <translation>≈ paneldeki %1 fiyatından şu kurla çevrildi: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 %1 = %2 %3 (%4, %5, %6)</source>
        <translation>1 %1 = %2 %3 (%4, %5, %6)</translation>
    </message>
</context>
<context>
    <name>CompareWiring</name>
    <message>
        <location filename="../../ui/compare/window.py" line="+82"/>
        <source>Compare across panels</source>
        <translation>Paneller arasında karşılaştır</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Compare across panels</source>
        <translation>Paneller arasında &amp;karşılaştır</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The same service on your other panels, best first (%1)</source>
        <translation>Aynı hizmet diğer panellerinizde, en iyisi önce (%1)</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>Exchange rates not updated: %1</source>
        <translation>Döviz kurları güncellenmedi: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Currencies</source>
        <translation>Para birimleri</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <location filename="_core_strings.py" line="+1"/>
        <source>sending to the panel</source>
        <translation>panele gönderiliyor</translation>
    </message>
    <message>
        <source>Not placed (checked by you)</source>
        <translation type="vanished">Verilmedi (sizin kontrolünüzle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not found on the panel</source>
        <translation>panelde bulunamadı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tracked by ID</source>
        <translation>ID ile takip ediliyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancel requested</source>
        <translation>iptal istendi</translation>
    </message>
    <message>
        <source>The app stopped while sending this order: it may have been placed.</source>
        <translation type="vanished">Uygulama bu sipariş gönderilirken durdu: sipariş verilmiş olabilir.</translation>
    </message>
    <message>
        <source>The panel answered with an empty error and no order id.</source>
        <translation type="vanished">Panel boş bir hata ile ve sipariş numarası vermeden yanıt verdi.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Check the panel&apos;s order list before ordering again.</source>
        <translation>Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>placed as #%1</source>
        <translation>#%1 olarak verildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placed as #%1 (checked by you)</source>
        <translation>#%1 olarak verildi (sizin kontrolünüzle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not found: %1</source>
        <translation>bulunamadı: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refill #%1 requested</source>
        <translation>#%1 yeniden doldurma istendi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refill refused: %1</source>
        <translation>yeniden doldurma reddedildi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancel refused: %1</source>
        <translation>iptal reddedildi: %1</translation>
    </message>
    <message>
        <source>Not sent: the panel is limiting requests (%1); nothing was placed.</source>
        <translation type="vanished">Gönderilmedi: panel istekleri sınırlıyor (%1); sipariş verilmedi.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="vanished">Gönderilmedi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel&apos;s answer could not be read (%1); the order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panelin yanıtı okunamadı (%1); sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected error while sending (%1); the order may have been placed.</source>
        <translation>Gönderirken beklenmeyen bir hata oluştu (%1); sipariş verilmiş olabilir.</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Paused by you</source>
        <translation>Sizin tarafınızdan duraklatıldı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel was removed.</source>
        <translation>Panel kaldırıldı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service is no longer in the panel&apos;s list.</source>
        <translation>Hizmet artık panelin listesinde değil.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app was not running at this time.</source>
        <translation>Uygulama bu saatte çalışmıyordu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The refill window has ended.</source>
        <translation>Yeniden doldurma süresi sona erdi.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The order is no longer valid: %1</source>
        <translation>Sipariş artık geçerli değil: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 more runs were missed up to this time.</source>
        <translation>Bu saate kadar %1 çalıştırma daha kaçırıldı.</translation>
    </message>
    <message>
        <source>Placed, and the panel also said: %1</source>
        <translation type="vanished">Verildi; panel ayrıca şunu söyledi: %1</translation>
    </message>
    <message>
        <source>The panel&apos;s answer could not be read (%1).</source>
        <translation type="vanished">Panelin yanıtı okunamadı (%1).</translation>
    </message>
    <message>
        <source>Unexpected error while sending (%1).</source>
        <translation type="vanished">Gönderilirken beklenmeyen hata (%1).</translation>
    </message>
    <message>
        <source>The panel answered, but saving its answer failed (%1).</source>
        <translation type="vanished">Panel yanıt verdi, ancak yanıtı kaydedilemedi (%1).</translation>
    </message>
    <message>
        <source>The panel answered with order %1, which is not an order id.</source>
        <translation type="vanished">Panel %1 siparişiyle yanıt verdi; bu bir sipariş numarası değil.</translation>
    </message>
    <message>
        <source>The panel&apos;s answer has no order id: %1</source>
        <translation type="vanished">Panelin yanıtında sipariş numarası yok: %1</translation>
    </message>
    <message>
        <source>The order may have been placed.</source>
        <translation type="vanished">Sipariş verilmiş olabilir.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>placed as #%1, and the panel also said: %2</source>
        <translation>#%1 olarak verildi; panel ayrıca şunu söyledi: %2</translation>
    </message>
    <message>
        <source>The panel answered with order #%1, which is already recorded for order %2.</source>
        <translation type="vanished">Panel #%1 siparişiyle yanıt verdi; bu numara zaten %2 siparişine kayıtlı.</translation>
    </message>
    <message>
        <source>The panel answered with order #%1, but saving that failed (%2).</source>
        <translation type="vanished">Panel #%1 siparişiyle yanıt verdi, ancak bu kaydedilemedi (%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The price rose from %1 to %2 (more than %3 %).</source>
        <translation>Fiyat %1 iken %2 oldu (%%3 üzerinde artış).</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>SMM Desk was not running (or the computer was asleep) at this time.</source>
        <translation>Bu saatte SMM Desk çalışmıyordu (ya da bilgisayar uykudaydı).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk could not place it in time.</source>
        <translation>SMM Desk bunu zamanında veremedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The schedule was paused at this time.</source>
        <translation>Bu saatte zamanlama duraklatılmıştı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All automation was paused at this time.</source>
        <translation>Bu saatte tüm otomasyon duraklatılmıştı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedules were held at this time: the computer&apos;s clock jumped.</source>
        <translation>Bu saatte zamanlamalar bekletiliyordu: bilgisayarın saati atladı.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not placed in time: %1</source>
        <translation>Zamanında verilmedi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price could not be checked: %1</source>
        <translation>Fiyat denetlenemedi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price could not be checked (%1).</source>
        <translation>Fiyat denetlenemedi (%1).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order %1 on %2, on the same link, may have been placed and is not resolved: check that panel&apos;s order list and resolve the order in Orders first.</source>
        <oldsource>Order %1 on %2, on the same link, may have been placed and is not resolved: check that panel&apos;s order list and resolve the order in the history first.</oldsource>
        <translation>%2 panelindeki %1 numaralı sipariş aynı bağlantı için verilmiş olabilir ve henüz netleştirilmedi: önce o panelin sipariş listesine bakın ve siparişi Siparişler sayfasında netleştirin.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Waiting for its previous run (order %1) on the same link to finish.</source>
        <translation>Aynı bağlantıdaki bir önceki çalıştırmasının (%1 siparişi) bitmesi bekleniyor.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Its successor may be service %1 (%2) on the same panel: re-point it with “Use the successor”.</source>
        <translation>Yerine gelen, aynı paneldeki %1 hizmeti (%2) olabilir: “Yerine geleni kullan” ile yönlendirin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its successor may be service %1 (%2) on panel %3: re-point it with “Use the successor”.</source>
        <translation>Yerine gelen, %3 panelindeki %1 hizmeti (%2) olabilir: “Yerine geleni kullan” ile yönlendirin.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/system/crash.py" line="+75"/>
        <source>%1: unexpected error</source>
        <translation>%1: beklenmeyen hata</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Something went wrong. The report below contains no API keys; please copy it into your bug report.</source>
        <translation>Bir şeyler ters gitti. Aşağıdaki rapor hiçbir API anahtarı içermez; lütfen hata bildiriminize kopyalayın.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It was also saved to %1</source>
        <translation>Rapor ayrıca şuraya kaydedildi: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Error report</source>
        <translation>Hata raporu</translation>
    </message>
</context>
<context>
    <name>CurrencySettings</name>
    <message>
        <location filename="../../ui/compare/currency.py" line="+125"/>
        <source>Prices of every panel are compared in this currency</source>
        <translation>Tüm panellerin fiyatları bu para biriminde karşılaştırılır</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use</source>
        <translation>Kullan</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Currency</source>
        <translation>Para birimi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 unit in home currency</source>
        <translation>1 birim, ana para biriminde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Kaynak</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>rate, e.g. 34.25</source>
        <translation type="vanished">kur, ör. 34,25</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Set rate</source>
        <translation>Kuru kaydet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Update rates</source>
        <translation>Kurları güncelle</translation>
    </message>
    <message>
        <source>Fetch the European Central Bank&apos;s daily reference rates</source>
        <translation type="vanished">Avrupa Merkez Bankası’nın günlük referans kurlarını getir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Update the rates once a day</source>
        <translation>Kurları günde bir kez güncelle</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The order form names a cheaper equivalent on another panel when it costs at least this much less</source>
        <translation>Sipariş formu, başka bir paneldeki eşdeğer en az bu kadar ucuzsa onu gösterir</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Home currency</source>
        <translation>Ana para birimi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cheaper elsewhere from</source>
        <translation>Başka yerde daha ucuz, şu orandan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rates feed</source>
        <translation>Kur kaynağı</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>ECB</source>
        <translation>AMB</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>typed</source>
        <translation>elle girildi</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+101"/>
        <location line="+3"/>
        <source>1 %1 = %2 %3</source>
        <translation>1 %1 = %2 %3</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Choose a home currency to compare prices across panels.</source>
        <translation>Panellerin fiyatlarını karşılaştırmak için bir ana para birimi seçin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No rate yet for %1: those prices are shown in their own currency and sorted last.</source>
        <translation>%1 için henüz kur yok: bu fiyatlar kendi para biriminde gösterilir ve en sona sıralanır.</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+25"/>
        <source>A currency code has three letters, e.g. USD.</source>
        <translation>Para birimi kodu üç harftir, ör. USD.</translation>
    </message>
    <message>
        <source>Type the rate as a positive number, e.g. 34.25.</source>
        <translation type="vanished">Kuru pozitif bir sayı olarak yazın, ör. 34,25.</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Fetching the rates…</source>
        <translation>Kurlar getiriliyor…</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>1</source>
        <translation>1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Currency of the rate</source>
        <translation>Kurun para birimi</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Fetch the European Central Bank&apos;s daily reference rates (typed rates are kept)</source>
        <translation>Avrupa Merkez Bankası’nın günlük referans kurlarını indir (elle girilen kurlar korunur)</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Typed by hand: kept when the rates are updated; remove it to follow the ECB feed</source>
        <translation>Elle girildi: kurlar güncellenince korunur; AMB kaynağını izlemek için kaldırın</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>unit</source>
        <translation>birim</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 for 1 %2</source>
        <translation>1 %2 için %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How much one %1 is worth in %2, the home currency</source>
        <translation>Bir %1’in ana para birimi %2 cinsinden değeri</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type how much one %1 is worth in %2, as a positive number.</source>
        <translation>Bir %1’in %2 cinsinden değerini pozitif bir sayı olarak yazın.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Is this rate right?</source>
        <translation>Bu kur doğru mu?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The rate was not changed.</source>
        <translation>Kur değiştirilmedi.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The ECB rate of %1 is %2.</source>
        <translation>AMB’nin %1 tarihli kuru: %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The rate it would replace (of %1) is %2.</source>
        <translation>Yerine geçeceği kur (%1 tarihli): %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You typed %1.</source>
        <translation>Yazdığınız: %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yours is about %1 times higher.</source>
        <translation>Sizinki yaklaşık %1 kat daha yüksek.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yours is about %1 times lower.</source>
        <translation>Sizinki yaklaşık %1 kat daha düşük.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two currencies look swapped: did you mean 1 %1 = %2 %3? That is 1 %3 = %4 %1.</source>
        <translation>İki para birimi yer değiştirmiş görünüyor: 1 %1 = %2 %3 mü demek istediniz? Bu, 1 %3 = %4 %1 demektir.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Use %1</source>
        <translation>%1 kullan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep what I typed</source>
        <translation>Yazdığımı koru</translation>
    </message>
    <message>
        <location line="-241"/>
        <source>Exchange rates</source>
        <translation>Döviz kurları</translation>
    </message>
    <message>
        <source>Currency code</source>
        <translation type="vanished">Para birimi kodu</translation>
    </message>
    <message>
        <source>Rate in the home currency</source>
        <translation type="vanished">Ana para birimindeki kur</translation>
    </message>
    <message>
        <location line="+266"/>
        <source>Updating the rates</source>
        <translation>Kurlar güncelleniyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reading the ECB feed…</source>
        <translation>ECB akışı okunuyor…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Update stopped: the rates were not changed.</source>
        <translation>Güncelleme durduruldu: kurlar değiştirilmedi.</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <location filename="../../ui/customers/view.py" line="+70"/>
        <source>Add customer</source>
        <translation>Müşteri ekle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contact</source>
        <translation>İletişim</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone, Telegram, e-mail…</source>
        <translation>Telefon, Telegram, e-posta…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes</source>
        <translation>Notlar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Name:</source>
        <translation>&amp;Ad:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Contact:</source>
        <translation>&amp;İletişim:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;otes:</source>
        <translation>N&amp;otlar:</translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <location line="+113"/>
        <location line="+1"/>
        <source>Search customers</source>
        <translation>Müşterilerde ara</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add customer…</source>
        <translation>Müşteri &amp;ekle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record &amp;payment…</source>
        <translation>&amp;Ödeme kaydet…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;tatement…</source>
        <translation>&amp;Hesap dökümü…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ar&amp;chive</source>
        <translation>&amp;Arşivle</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contact</source>
        <translation>İletişim</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Orders</source>
        <translation>Siparişler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Revenue</source>
        <translation>Gelir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Ödenen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Balance due</source>
        <translation>Kalan borç</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profit</source>
        <translation>Kâr</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customers</source>
        <translation>Müşteriler</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>No customer matches the search.</source>
        <translation>Aramayla eşleşen müşteri yok.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No customers yet. Add the people you order for: each order can then carry its customer and sell price, and this page shows what they owe.</source>
        <translation>Henüz müşteri yok. Sipariş verdiğiniz kişileri ekleyin: her sipariş müşterisini ve satış fiyatını taşıyabilir, bu sayfa da onların borcunu gösterir.</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Archive customer</source>
        <translation>Müşteriyi arşivle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive %1? Their orders and payments stay in the books.</source>
        <translation>%1 arşivlensin mi? Siparişleri ve ödemeleri kayıtlarda kalır.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save statement</source>
        <translation>Hesap dökümünü kaydet</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="vanished">PDF dosyaları (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="vanished">CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Completed</source>
        <translation>Tamamlandı</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Partial</source>
        <translation>Kısmi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canceled</source>
        <translation>İptal edildi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>Başarısız</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending</source>
        <translation>Beklemede</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In progress</source>
        <translation>Devam ediyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processing</source>
        <translation>İşleniyor</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Price &amp;rules…</source>
        <translation>Fiyat &amp;kuralları…</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Show &amp;orders</source>
        <translation>Siparişleri &amp;göster</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../ui/orders/model.py" line="+83"/>
        <source>Time</source>
        <translation>Zaman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order ID</source>
        <translation>Sipariş ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charge</source>
        <translation>Ücret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start count</source>
        <translation>Başlangıç sayısı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remains</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>İlerleme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Pending</source>
        <translation>Beklemede</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>Devam ediyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processing</source>
        <translation>İşleniyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed</source>
        <translation>Tamamlandı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Kısmi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canceled</source>
        <translation>İptal edildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Başarısız</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown</source>
        <translation>Bilinmiyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uncertain: check the panel</source>
        <translation>Belirsiz: panelden kontrol edin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Reddedildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent</source>
        <translation>Gönderilmedi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found on the panel</source>
        <translation>Panelde bulunamadı</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Default</source>
        <translation>Varsayılan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SEO</source>
        <translation>SEO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom Comments</source>
        <translation>Özel Yorumlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions</source>
        <translation>Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions with Hashtags</source>
        <translation>Etiketli Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions Custom List</source>
        <translation>Özel Listeden Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions Hashtag</source>
        <translation>Etiketten Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions User Followers</source>
        <translation>Kullanıcı Takipçilerinden Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions Media Likers</source>
        <translation>Medya Beğenenlerinden Bahsetmeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom Comments Package</source>
        <translation>Özel Yorum Paketi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comment Likes</source>
        <translation>Yorum Beğenileri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poll</source>
        <translation>Anket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comment Replies</source>
        <translation>Yorum Yanıtları</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invites from Groups</source>
        <translation>Gruplardan Davetler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subscriptions</source>
        <translation>Abonelikler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web Traffic</source>
        <translation>Web Trafiği</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+149"/>
        <source>(tracked by ID)</source>
        <translation>(numarayla izleniyor)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exactly %1</source>
        <translation>Tam olarak %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate: the panel has not reported the charge yet</source>
        <translation>Tahmini: panel ücreti henüz bildirmedi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated %1 when ordering</source>
        <translation>Sipariş verilirken tahmini %1</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The panel says: %1</source>
        <translation>Panelin bildirdiği: %1</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Uncertain</source>
        <translation>Belirsiz</translation>
    </message>
    <message>
        <location filename="../../ui/orders/model.py" line="-85"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sell price</source>
        <translation>Satış fiyatı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profit</source>
        <translation>Kâr</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Refill until</source>
        <translation>Telafi bitişi</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-1"/>
        <source>Lifetime</source>
        <translation>Ömür boyu</translation>
    </message>
    <message>
        <location filename="../../ui/orders/model.py" line="+4"/>
        <source>Placed by</source>
        <translation>Siparişi veren</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>All</source>
        <translation type="vanished">Tümü</translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="vanished">Etkin</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="vanished">Tamamlanan</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation type="vanished">Kısmi</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation type="vanished">İptal edilen</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="vanished">Dikkat gerektiren</translation>
    </message>
    <message>
        <source>This order was never placed on the panel.</source>
        <translation type="vanished">Bu sipariş panele hiç verilmedi.</translation>
    </message>
    <message>
        <source>Only a completed order can be refilled.</source>
        <translation type="vanished">Yalnızca tamamlanmış bir sipariş yeniden doldurulabilir.</translation>
    </message>
    <message>
        <source>This order has already ended.</source>
        <translation type="vanished">Bu sipariş zaten sona erdi.</translation>
    </message>
    <message>
        <source>This service has no refill.</source>
        <translation type="vanished">Bu hizmette yeniden doldurma yok.</translation>
    </message>
    <message>
        <source>This service cannot be canceled.</source>
        <translation type="vanished">Bu hizmet iptal edilemez.</translation>
    </message>
    <message>
        <source>This panel does not support refills (it answered “Incorrect request”).</source>
        <translation type="vanished">Bu panel yeniden doldurmayı desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <source>This panel does not support cancel (it answered “Incorrect request”).</source>
        <translation type="vanished">Bu panel iptali desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <source>The panel is offline; try again when it answers.</source>
        <translation type="vanished">Panel çevrimdışı; yanıt verdiğinde yeniden deneyin.</translation>
    </message>
    <message>
        <source>This panel was removed from SMM Desk.</source>
        <translation type="vanished">Bu panel SMM Desk&apos;ten kaldırıldı.</translation>
    </message>
    <message>
        <source>This order has no link.</source>
        <translation type="vanished">Bu siparişin bağlantısı yok.</translation>
    </message>
    <message>
        <source>The link is a username, not a web address.</source>
        <translation type="vanished">Bağlantı bir web adresi değil, bir kullanıcı adı.</translation>
    </message>
    <message>
        <source>The panel gave this order no ID.</source>
        <translation type="vanished">Panel bu siparişe bir numara vermedi.</translation>
    </message>
    <message>
        <source>Tracked by ID: the panel did not say which service it used.</source>
        <translation type="vanished">Numarayla izleniyor: panel hangi hizmetin kullanıldığını bildirmedi.</translation>
    </message>
    <message>
        <source>The panel no longer lists this service.</source>
        <translation type="vanished">Panel bu hizmeti artık listelemiyor.</translation>
    </message>
    <message>
        <source>Only an order whose placement is uncertain needs resolving.</source>
        <translation type="vanished">Yalnızca verilip verilmediği belirsiz olan bir siparişin netleştirilmesi gerekir.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation type="vanished">Önce bir sipariş seçin.</translation>
    </message>
    <message>
        <source>Checking what this order allows…</source>
        <translation type="vanished">Bu siparişte nelerin yapılabileceği denetleniyor…</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation type="vanished">Kullanılamıyor</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="vanished">Tüm zamanlar</translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="vanished">Bugün</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="vanished">Son 7 gün</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="vanished">Son 30 gün</translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="vanished">Bu ay</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="vanished">Özel…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="vanished">Yenile</translation>
    </message>
    <message>
        <source>Check the statuses of active orders now (F5)</source>
        <translation type="vanished">Etkin siparişlerin durumlarını şimdi denetle (F5)</translation>
    </message>
    <message>
        <source>Refill</source>
        <translation type="vanished">Yeniden doldur</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation type="vanished">Siparişi iptal et</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation type="vanished">Bağlantıyı aç</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="vanished">Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy order ID</source>
        <translation type="vanished">Sipariş numarasını kopyala</translation>
    </message>
    <message>
        <source>Order again…</source>
        <translation type="vanished">Yeniden sipariş ver…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="vanished">Netleştir…</translation>
    </message>
    <message>
        <source>Track existing orders…</source>
        <translation type="vanished">Mevcut siparişleri izle…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="vanished">CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <source>Save the orders shown (current filter) as CSV</source>
        <translation type="vanished">Gösterilen siparişleri (geçerli filtre) CSV olarak kaydet</translation>
    </message>
    <message>
        <source>Ask the panel to refill drops (completed orders)</source>
        <translation type="vanished">Panelden düşüşleri yeniden doldurmasını iste (tamamlanmış siparişler)</translation>
    </message>
    <message>
        <source>Ask the panel to cancel this order</source>
        <translation type="vanished">Panelden bu siparişi iptal etmesini iste</translation>
    </message>
    <message>
        <source>Open the link in your browser</source>
        <translation type="vanished">Bağlantıyı tarayıcınızda açın</translation>
    </message>
    <message>
        <source>Copy the link</source>
        <translation type="vanished">Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy the panel&apos;s order ID</source>
        <translation type="vanished">Panelin sipariş numarasını kopyala</translation>
    </message>
    <message>
        <source>Open the order form filled like this order</source>
        <translation type="vanished">Sipariş formunu bu siparişteki bilgilerle doldurulmuş olarak aç</translation>
    </message>
    <message>
        <source>Say whether the panel placed this uncertain order</source>
        <translation type="vanished">Panelin bu belirsiz siparişi verip vermediğini belirtin</translation>
    </message>
    <message>
        <source>Search order ID, link or service…</source>
        <translation type="vanished">Sipariş ID, bağlantı veya hizmet ara…</translation>
    </message>
    <message>
        <source>Drip-feed</source>
        <translation type="vanished">Damla besleme</translation>
    </message>
    <message>
        <source>Only drip-feed orders (delivered in runs)</source>
        <translation type="vanished">Yalnızca damla besleme siparişleri (parça parça teslim edilen)</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation type="vanished">Abonelikler</translation>
    </message>
    <message>
        <source>Only subscription orders</source>
        <translation type="vanished">Yalnızca abonelik siparişleri</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="vanished">Siparişler</translation>
    </message>
    <message>
        <source>Uncertain, rejected, not found on the panel, or failed</source>
        <translation type="vanished">Belirsiz, reddedilmiş, panelde bulunamamış veya başarısız</translation>
    </message>
    <message>
        <source>Import orders placed on a panel&apos;s website by their IDs</source>
        <translation type="vanished">Bir panelin web sitesinden verilen siparişleri numaralarıyla içe aktar</translation>
    </message>
    <message>
        <source>Add a panel first</source>
        <translation type="vanished">Önce bir panel ekleyin</translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation type="vanished">Geçmiş okunamadı: %1</translation>
    </message>
    <message>
        <source>%1 order(s)</source>
        <translation type="vanished">%1 sipariş</translation>
    </message>
    <message>
        <source>statuses checked %1</source>
        <translation type="vanished">durumlar %1 denetlendi</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="vanished">denetleniyor…</translation>
    </message>
    <message>
        <source>%1 order(s) changed.</source>
        <translation type="vanished">%1 sipariş değişti.</translation>
    </message>
    <message>
        <source>Showing data from %1; %2 is offline.</source>
        <translation type="vanished">%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <source>Showing data from %1; %2 are offline.</source>
        <translation type="vanished">%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <source>Refill, cancel and status checks wait until it answers again.</source>
        <translation type="vanished">Yeniden doldurma, iptal ve durum denetimleri panel yeniden yanıt verene kadar bekler.</translation>
    </message>
    <message>
        <source>Select an order to see everything that was sent, its status history and refills.</source>
        <translation type="vanished">Gönderilen her şeyi, durum geçmişini ve yeniden doldurmaları görmek için bir sipariş seçin.</translation>
    </message>
    <message>
        <source>Local order %1</source>
        <translation type="vanished">Yerel sipariş %1</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation type="vanished">Verildi</translation>
    </message>
    <message>
        <source>Uncertain, rejected by the panel, not sent, not found on the panel, or failed</source>
        <translation type="vanished">Belirsiz, panelce reddedilmiş, gönderilmemiş, panelde bulunamamış ya da başarısız</translation>
    </message>
    <message>
        <source>%1+ orders</source>
        <translation type="vanished">%1+ sipariş</translation>
    </message>
    <message>
        <source>%1: next try in %2</source>
        <translation type="vanished">%1: sonraki deneme %2 sonra</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="vanished">%1 sn</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="vanished">%1 dk</translation>
    </message>
    <message>
        <source>tracked order</source>
        <translation type="vanished">takip edilen sipariş</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="vanished">Güncellendi</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="vanished">Hizmet</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="vanished">Tür</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="vanished">Miktar</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation type="vanished">Ücret</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="vanished">Tahmini ücret</translation>
    </message>
    <message>
        <source>Start count</source>
        <translation type="vanished">Başlangıç sayısı</translation>
    </message>
    <message>
        <source>Remains</source>
        <translation type="vanished">Kalan</translation>
    </message>
    <message>
        <source>Panel status</source>
        <translation type="vanished">Panel durumu</translation>
    </message>
    <message>
        <source>%1 runs every %2 min</source>
        <translation type="vanished">%2 dakikada bir, %1 parti</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="vanished">Sorun</translation>
    </message>
    <message>
        <source>Sent to the panel</source>
        <translation type="vanished">Panele gönderilenler</translation>
    </message>
    <message>
        <source>Nothing: tracked by ID.</source>
        <translation type="vanished">Hiçbir şey: ID ile takip ediliyor.</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation type="vanished">Durum geçmişi</translation>
    </message>
    <message>
        <source>remains %1</source>
        <translation type="vanished">kalan %1</translation>
    </message>
    <message>
        <source>No history yet.</source>
        <translation type="vanished">Henüz geçmiş yok.</translation>
    </message>
    <message>
        <source>Refills</source>
        <translation type="vanished">Yeniden doldurmalar</translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="vanished">reddedildi</translation>
    </message>
    <message>
        <source>None requested.</source>
        <translation type="vanished">Hiç istenmedi.</translation>
    </message>
    <message>
        <source>Asking the panel for a refill…</source>
        <translation type="vanished">Panelden yeniden doldurma isteniyor…</translation>
    </message>
    <message>
        <source>Ask the panel to cancel order #%1? Whether it is canceled, and how much is refunded, is up to the panel.</source>
        <translation type="vanished">#%1 numaralı siparişin iptali panelden istensin mi? İptal edilip edilmeyeceğine ve ne kadar iade yapılacağına panel karar verir.</translation>
    </message>
    <message>
        <source>Asking the panel to cancel…</source>
        <translation type="vanished">Panelden iptal isteniyor…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="vanished">Kaydediliyor…</translation>
    </message>
    <message>
        <source>Marked as placed: order #%1.</source>
        <translation type="vanished">Verildi olarak işaretlendi: #%1 numaralı sipariş.</translation>
    </message>
    <message>
        <source>Marked as not placed.</source>
        <translation type="vanished">Verilmedi olarak işaretlendi.</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation type="vanished">Bağlantı kopyalandı.</translation>
    </message>
    <message>
        <source>Order ID copied.</source>
        <translation type="vanished">Sipariş numarası kopyalandı.</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation type="vanished">Siparişleri dışa aktar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="vanished">CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="vanished">Dışa aktarılıyor…</translation>
    </message>
    <message>
        <source>%1 order(s) exported to %2</source>
        <translation type="vanished">%1 sipariş %2 dosyasına aktarıldı</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) changed.</source>
        <translation type="vanished">
            <numerusform>%n sipariş değişti.</numerusform>
        </translation>
    </message>
    <message>
        <source>a removed panel</source>
        <translation type="vanished">kaldırılmış bir panel</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written (it is read-only or you may not write there). Choose another folder for the export.</source>
        <translation type="vanished">%1 klasörüne yazılamıyor (salt okunur ya da oraya yazma izniniz yok). Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The disk of %1 is full. Free some space or choose another folder for the export.</source>
        <translation type="vanished">%1 klasörünün bulunduğu disk dolu. Biraz yer açın ya da dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (any more). Choose another folder for the export.</source>
        <translation type="vanished">%1 klasörü (artık) yok. Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The export could not be written to %1: %2</source>
        <translation type="vanished">Dışa aktarılan dosya %1 klasörüne yazılamadı: %2</translation>
    </message>
    <message>
        <source>Check statuses &amp;now</source>
        <translation type="vanished">Durumları &amp;şimdi denetle</translation>
    </message>
    <message>
        <source>&amp;Refill</source>
        <translation type="vanished">&amp;Yeniden doldur</translation>
    </message>
    <message>
        <source>&amp;Cancel order…</source>
        <translation type="vanished">Siparişi &amp;iptal et…</translation>
    </message>
    <message>
        <source>&amp;Open link</source>
        <translation type="vanished">Bağlantıyı &amp;aç</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation type="vanished">&amp;Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy order &amp;ID</source>
        <translation type="vanished">Sipariş nu&amp;marasını kopyala</translation>
    </message>
    <message>
        <source>Order &amp;again…</source>
        <translation type="vanished">Yeniden si&amp;pariş ver…</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation type="vanished">&amp;Netleştir…</translation>
    </message>
    <message>
        <source>&amp;Track existing orders…</source>
        <translation type="vanished">Mevcut siparişleri i&amp;zle…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="vanished">&amp;CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation type="vanished">Siparişlerde ara</translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="vanished">Dönem</translation>
    </message>
    <message>
        <source>Orders from</source>
        <translation type="vanished">Siparişlerin başlangıç tarihi</translation>
    </message>
    <message>
        <source>Orders until</source>
        <translation type="vanished">Siparişlerin bitiş tarihi</translation>
    </message>
    <message>
        <source>Order details</source>
        <translation type="vanished">Sipariş ayrıntıları</translation>
    </message>
    <message>
        <source>Acts on the order selected on the Orders page: open it first</source>
        <translation type="vanished">Siparişler sayfasında seçili siparişe uygulanır: önce o sayfayı açın</translation>
    </message>
    <message>
        <source>No orders yet. Choose a service on the Services page and press Enter to order it; orders placed on a panel&apos;s website can be added here too.</source>
        <translation type="vanished">Henüz sipariş yok. Hizmetler sayfasında bir hizmet seçip Enter&apos;a basarak sipariş verin; bir panelin web sitesinde verilen siparişler de buraya eklenebilir.</translation>
    </message>
    <message>
        <source>Show all panels</source>
        <translation type="vanished">Tüm panelleri göster</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation type="vanished">Filtreyi temizle</translation>
    </message>
    <message numerus="yes">
        <source>A filter hides %n order(s)</source>
        <translation type="vanished">
            <numerusform>Bir filtre %n siparişi gizliyor</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No orders on this panel; %n on your other panels</source>
        <translation type="vanished">
            <numerusform>Bu panelde sipariş yok; diğer panellerinizde %n sipariş var</numerusform>
        </translation>
    </message>
    <message>
        <source>Sell to custo&amp;mer…</source>
        <translation type="vanished">Müşt&amp;eriye sat…</translation>
    </message>
    <message>
        <source>Give the selected orders a customer and a sell price</source>
        <translation type="vanished">Seçili siparişlere bir müşteri ve satış fiyatı verin</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="vanished">Müşteri</translation>
    </message>
    <message>
        <source>Sell price</source>
        <translation type="vanished">Satış fiyatı</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation type="vanished">Kâr</translation>
    </message>
    <message>
        <source>Show every customer&apos;s orders again</source>
        <translation type="vanished">Tüm müşterilerin siparişlerini yeniden göster</translation>
    </message>
    <message>
        <source>Customer: %1 ✕</source>
        <translation type="vanished">Müşteri: %1 ✕</translation>
    </message>
    <message>
        <source>Customer filter: %1</source>
        <translation type="vanished">Müşteri süzgeci: %1</translation>
    </message>
    <message>
        <source>Customer filter</source>
        <translation type="vanished">Müşteri süzgeci</translation>
    </message>
    <message>
        <source>Everything that needs attention</source>
        <translation type="vanished">İlgi gerektiren her şey</translation>
    </message>
    <message>
        <source>Stuck: not started in time</source>
        <translation type="vanished">Takılan: zamanında başlamadı</translation>
    </message>
    <message>
        <source>Slow: far slower than usual</source>
        <translation type="vanished">Yavaş: her zamankinden çok daha yavaş</translation>
    </message>
    <message>
        <source>Stuck: not started after 6 hours, or 3 times the service&apos;s usual start. Slow: in progress 3 times longer than the service usually takes (Preferences)</source>
        <translation type="vanished">Takılan: 6 saat ya da hizmetin olağan başlama süresinin 3 katı geçtiği hâlde başlamadı. Yavaş: hizmetin olağan süresinin 3 katından uzun süredir devam ediyor (Tercihler)</translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <location filename="../../ui/shell/licences.py" line="+28"/>
        <location line="+3"/>
        <source>Third-party licences</source>
        <translation>Üçüncü taraf lisansları</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="+139"/>
        <source>SMM Desk</source>
        <translation>SMM Desk</translation>
    </message>
    <message>
        <source>&amp;Add panel…</source>
        <translation type="vanished">Panel &amp;ekle…</translation>
    </message>
    <message>
        <source>Connect another SMM panel</source>
        <translation type="vanished">Başka bir SMM paneli bağlayın</translation>
    </message>
    <message>
        <source>&amp;Edit panel…</source>
        <translation type="vanished">Paneli &amp;düzenle…</translation>
    </message>
    <message>
        <source>&amp;Remove panel</source>
        <translation type="vanished">Paneli &amp;kaldır</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Yenile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download the services and balance again (F5)</source>
        <translation>Hizmetleri ve bakiyeyi yeniden indir (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try the &amp;demo panel</source>
        <translation>Demo &amp;paneli dene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A simulated panel on this computer: nothing is bought for real</source>
        <translation>Bu bilgisayarda çalışan bir simülasyon paneli: gerçekten hiçbir şey satın alınmaz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Çık</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find service</source>
        <translation>Hizmet &amp;bul</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New order</source>
        <translation>&amp;Yeni sipariş</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Mass order…</source>
        <translation>&amp;Toplu sipariş…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Notify when orders finish</source>
        <translation>Siparişler bitince &amp;bildir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A desktop notification when an order completes, ends partial or is canceled</source>
        <translation>Bir sipariş tamamlandığında, kısmi bittiğinde veya iptal edildiğinde masaüstü bildirimi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Tercihler…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="+97"/>
        <location filename="../../ui/shell/main_window.py" line="+32"/>
        <source>&amp;Services</source>
        <translation>&amp;Hizmetler</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="+4"/>
        <source>New &amp;order</source>
        <translation>Yeni &amp;sipariş</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Or&amp;ders</source>
        <translation>Si&amp;parişler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;pending</source>
        <translation>Har&amp;camalar</translation>
    </message>
    <message>
        <location filename="../../ui/shell/help.py" line="+45"/>
        <source>&amp;About SMM Desk</source>
        <translation>SMM Desk &amp;hakkında</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="-135"/>
        <source>Panels</source>
        <translation>Paneller</translation>
    </message>
    <message>
        <source>Which panel&apos;s services to show</source>
        <translation type="vanished">Hangi panelin hizmetleri gösterilsin</translation>
    </message>
    <message>
        <source>Panel:</source>
        <translation type="vanished">Panel:</translation>
    </message>
    <message>
        <source>DEMO · simulated</source>
        <translation type="vanished">DEMO · simülasyon</translation>
    </message>
    <message>
        <source>This panel is simulated on your computer. Orders cost nothing and deliver nothing.</source>
        <translation type="vanished">Bu panel bilgisayarınızda simüle ediliyor. Siparişler ücretsizdir ve hiçbir şey teslim edilmez.</translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="vanished">Hizmetler</translation>
    </message>
    <message>
        <source>New order</source>
        <translation type="vanished">Yeni sipariş</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="vanished">Siparişler</translation>
    </message>
    <message>
        <source>Spending</source>
        <translation type="vanished">Harcamalar</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="-2"/>
        <source>&amp;Panel</source>
        <translation>&amp;Panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Orders</source>
        <translation>&amp;Siparişler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ettings</source>
        <translation>&amp;Ayarlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="+160"/>
        <source>Check the statuses of active orders now (F5)</source>
        <translation>Etkin siparişlerin durumlarını şimdi denetle (F5)</translation>
    </message>
    <message>
        <source>An order is being sent</source>
        <translation type="vanished">Bir sipariş gönderiliyor</translation>
    </message>
    <message>
        <source>An order is being sent to the panel and its answer has not arrived yet.

Wait for the answer (SMM Desk closes when it arrives), or quit anyway: the order is then recorded as uncertain, and you check the panel&apos;s order list.</source>
        <translation type="vanished">Panele bir sipariş gönderiliyor ve yanıtı henüz gelmedi.

Yanıtı bekleyin (SMM Desk yanıt gelince kapanır) ya da yine de çıkın: bu durumda sipariş belirsiz olarak kaydedilir ve panelin sipariş listesini sizin kontrol etmeniz gerekir.</translation>
    </message>
    <message>
        <source>Wait for the answer</source>
        <translation type="vanished">Yanıtı bekle</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation type="vanished">Yine de çık</translation>
    </message>
    <message>
        <source>Waiting for the panel&apos;s answer to the order being sent: SMM Desk closes when it arrives.</source>
        <translation type="vanished">Gönderilen siparişe panelin yanıtı bekleniyor: SMM Desk yanıt gelince kapanacak.</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>All panels</source>
        <translation>Tüm paneller</translation>
    </message>
    <message>
        <source>%1 (simulated)</source>
        <translation type="vanished">%1 (simülasyon)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Place many orders on %1 at once: service ID | link | quantity per line</source>
        <translation>%1 paneline tek seferde çok sayıda sipariş verin: her satıra hizmet no | bağlantı | miktar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose one panel in the switcher first: a mass order goes to one panel</source>
        <translation>Önce panel seçiciden bir panel seçin: toplu sipariş tek bir panele gider</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect a panel first</source>
        <translation>Önce bir panel bağlayın</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 — SMM Desk</source>
        <translation>%1 — SMM Desk</translation>
    </message>
    <message>
        <source>Panel “%1” saved.</source>
        <translation type="vanished">“%1” paneli kaydedildi.</translation>
    </message>
    <message>
        <source>Remove panel</source>
        <translation type="vanished">Paneli kaldır</translation>
    </message>
    <message>
        <source>Remove “%1”? Its API key is deleted from this computer; its order history stays.</source>
        <translation type="vanished">“%1” kaldırılsın mı? API anahtarı bu bilgisayardan silinir; sipariş geçmişi kalır.</translation>
    </message>
    <message>
        <source>Starting the demo panel…</source>
        <translation type="vanished">Demo panel başlatılıyor…</translation>
    </message>
    <message>
        <source>The demo panel could not start: %1</source>
        <translation type="vanished">Demo panel başlatılamadı: %1</translation>
    </message>
    <message>
        <source>Refreshing %1…</source>
        <translation type="vanished">%1 yenileniyor…</translation>
    </message>
    <message>
        <source>services</source>
        <translation type="vanished">hizmetler</translation>
    </message>
    <message>
        <source>Services refreshed: %1</source>
        <translation type="vanished">Hizmetler yenilendi: %1</translation>
    </message>
    <message>
        <source>Recount the spending from the saved orders (F5)</source>
        <translation type="vanished">Harcamaları kayıtlı siparişlerden yeniden hesapla (F5)</translation>
    </message>
    <message>
        <source>Checking the statuses of active orders…</source>
        <translation type="vanished">Etkin siparişlerin durumları denetleniyor…</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>The new language is applied the next time SMM Desk starts.</source>
        <translation>Yeni dil, SMM Desk bir sonraki açılışında uygulanır.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/help.py" line="-13"/>
        <source>About SMM Desk</source>
        <translation>SMM Desk hakkında</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk %1

One desktop window for every SMM panel: services, orders and history, offline-first. API keys stay in your system keyring.</source>
        <translation>SMM Desk %1

Tüm SMM panelleriniz için tek bir masaüstü penceresi: hizmetler, siparişler ve geçmiş, çevrimdışı da çalışır. API anahtarları sisteminizin anahtarlığında kalır.</translation>
    </message>
    <message>
        <source>%1 background task(s) running</source>
        <translation type="vanished">Arka planda %1 görev çalışıyor</translation>
    </message>
    <message>
        <source>Last known balance and how old it is</source>
        <translation type="vanished">Bilinen son bakiye ve ne kadar eski olduğu</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation type="vanished">● Bağlanıyor…</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation type="vanished">● Çevrimiçi</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation type="vanished">● Çevrimdışı</translation>
    </message>
    <message>
        <source>● %1 online · %2 offline</source>
        <translation type="vanished">● %1 çevrimiçi · %2 çevrimdışı</translation>
    </message>
    <message>
        <source>Offline: showing the services saved on this computer.</source>
        <translation type="vanished">Çevrimdışı: bu bilgisayarda kayıtlı hizmetler gösteriliyor.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Third-party &amp;licences</source>
        <translation>Üçüncü taraf &amp;lisansları</translation>
    </message>
    <message>
        <source>Enter API key…</source>
        <translation type="vanished">API anahtarını gir…</translation>
    </message>
    <message>
        <source>A panel</source>
        <translation type="vanished">Bir panel</translation>
    </message>
    <message>
        <source>%1 panels · balances…</source>
        <translation type="vanished">%1 panel · bakiyeler…</translation>
    </message>
    <message>
        <source>Enter the API key of %1 again</source>
        <translation type="vanished">%1 için API anahtarını yeniden girin</translation>
    </message>
    <message>
        <source>● Key needed</source>
        <translation type="vanished">● Anahtar gerekli</translation>
    </message>
    <message>
        <source>● %1 need a key</source>
        <translation type="vanished">● %1 panel anahtar bekliyor</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation type="vanished">Panel</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="-479"/>
        <source>Pages</source>
        <translation>Sayfalar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Arrow keys choose a page; each has its shortcut in the View menu</source>
        <translation>Ok tuşları bir sayfa seçer; her sayfanın kısayolu Görünüm menüsündedir</translation>
    </message>
    <message>
        <source>Re&amp;move panel</source>
        <translation type="vanished">Paneli &amp;kaldır</translation>
    </message>
    <message>
        <source>Balances</source>
        <translation type="vanished">Bakiyeler</translation>
    </message>
    <message>
        <source>Panel “%1” added. Showing all panels: choose one in the Panel list to see only its services and orders.</source>
        <translation type="vanished">“%1” paneli eklendi. Tüm paneller gösteriliyor: yalnızca birinin hizmetlerini ve siparişlerini görmek için Panel listesinden onu seçin.</translation>
    </message>
    <message>
        <source>Refreshing %1</source>
        <translation type="vanished">%1 yenileniyor</translation>
    </message>
    <message>
        <source>waiting for the panel…</source>
        <translation type="vanished">panel bekleniyor…</translation>
    </message>
    <message>
        <source>Already refreshing %1 (%2 so far): the list appears when the panel has sent it.</source>
        <translation type="vanished">%1 zaten yenileniyor (şimdiye kadar %2): liste, panel gönderdiğinde görünecek.</translation>
    </message>
    <message>
        <source>downloading the service list…</source>
        <translation type="vanished">hizmet listesi indiriliyor…</translation>
    </message>
    <message>
        <source>saving the services…</source>
        <translation type="vanished">hizmetler kaydediliyor…</translation>
    </message>
    <message>
        <location line="+367"/>
        <source>Checking order statuses</source>
        <translation>Sipariş durumları denetleniyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>asking the panels…</source>
        <translation>panellere soruluyor…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 panels checked</source>
        <translation>%2 panelden %1 tanesi denetlendi</translation>
    </message>
    <message>
        <source>Refresh stopped: the services saved before are kept</source>
        <translation type="vanished">Yenileme durduruldu: önceden kaydedilen hizmetler korunuyor</translation>
    </message>
    <message>
        <source>Already checking the statuses of active orders (%1 so far); they are checked again when this check ends.</source>
        <translation type="vanished">Etkin siparişlerin durumları zaten denetleniyor (şimdiye kadar %1); bu denetim bitince yeniden denetlenecekler.</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Team workspace</source>
        <translation>Ekip çalışma alanı</translation>
    </message>
</context>
<context>
    <name>MassOrderDialog</name>
    <message>
        <location filename="../../ui/order_form/mass_order.py" line="+264"/>
        <location line="+454"/>
        <source>Mass order</source>
        <translation>Toplu sipariş</translation>
    </message>
    <message>
        <source>One order per line: service ID | link | quantity (the panels&apos; mass order format). Lines are checked against this panel&apos;s services before anything is sent.</source>
        <translation type="vanished">Her satıra bir sipariş: hizmet no | bağlantı | miktar (panellerin toplu sipariş biçimi). Hiçbir şey gönderilmeden önce satırlar bu panelin hizmetleriyle karşılaştırılır.</translation>
    </message>
    <message>
        <location line="-395"/>
        <source>Open file…</source>
        <translation>Dosya aç…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Place again as a new batch…</source>
        <translation>Yeni bir toplu sipariş olarak tekrar ver…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Open file</source>
        <translation>Dosya aç</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 okunamıyor: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a mass order file</source>
        <translation>Toplu sipariş dosyası aç</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Metin dosyaları (*.txt *.csv);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mass order — %1</source>
        <translation>Toplu sipariş — %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The services could not be loaded: %1</source>
        <translation>Hizmetler yüklenemedi: %1</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation type="vanished">%1 satır</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 to place, total %2</source>
        <translation>%1 verilecek, toplam %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 with problems (not sent)</source>
        <translation>%1 sorunlu (gönderilmez)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total exactly %1</source>
        <translation>Toplam tam olarak %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This list was sent before (%1): %2 placed</source>
        <translation>Bu liste daha önce gönderildi (%1): %2 verildi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, %1 to check on the panel</source>
        <translation>, %1 panelden kontrol edilmeli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>. Those lines are not sent again.</source>
        <translation>. Bu satırlar yeniden gönderilmez.</translation>
    </message>
    <message>
        <source>Place %1 orders</source>
        <translation type="vanished">%1 sipariş ver</translation>
    </message>
    <message>
        <source>Place 1 order</source>
        <translation type="vanished">1 sipariş ver</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Every line of this list will be placed again, as new orders, even those placed before. Use this for a list you order regularly, not to retry a run: lines that need checking on the panel would be ordered twice.

Start a new batch?</source>
        <translation>Bu listenin her satırı, daha önce verilmiş olanlar da dahil, yeni siparişler olarak tekrar verilecek. Bunu düzenli verdiğiniz bir liste için kullanın, yarım kalan bir gönderimi yeniden denemek için değil: panelde kontrol edilmesi gereken satırlar iki kez sipariş edilir.

Yeni bir toplu sipariş başlatılsın mı?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Place the list again?</source>
        <translation>Liste tekrar verilsin mi?</translation>
    </message>
    <message>
        <source>Place %1 orders on %2 for about %3?

Lines with problems and lines already placed are skipped.</source>
        <translation type="vanished">%2 paneline yaklaşık %3 karşılığında %1 sipariş verilsin mi?

Sorunlu satırlar ve daha önce verilmiş satırlar atlanır.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Place the orders?</source>
        <translation>Siparişler verilsin mi?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sending…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Sent %1 of %2 lines…</source>
        <translation>%2 satırdan %1 tanesi gönderildi…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping after the current line…</source>
        <translation>Geçerli satırdan sonra durduruluyor…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Sending stopped: %1</source>
        <translation>Gönderim durdu: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 placed</source>
        <translation>%1 verildi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 with problems</source>
        <translation>%1 sorunlu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 rejected by the panel</source>
        <translation>%1 panel tarafından reddedildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to check on the panel</source>
        <translation>%1 panelden kontrol edilmeli</translation>
    </message>
    <message>
        <source>%1 skipped (active order on the link)</source>
        <translation type="vanished">%1 atlandı (bağlantıda etkin sipariş var)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 not sent</source>
        <translation>%1 gönderilmedi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled. </source>
        <translation>İptal edildi. </translation>
    </message>
    <message>
        <location line="-378"/>
        <source>One order per line: service ID | link | quantity (the panels&apos; mass order format), separated by | or by tabs (as copied from a spreadsheet). Lines are checked against this panel&apos;s services before anything is sent.</source>
        <translation>Her satıra bir sipariş: hizmet ID | bağlantı | miktar (panellerin toplu sipariş biçimi); bölümler | ya da sekmeyle ayrılır (bir tablodan kopyalandığı gibi). Hiçbir şey gönderilmeden önce satırlar bu panelin hizmetleriyle karşılaştırılır.</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>The earlier runs of this list could not be read: %1</source>
        <translation>Bu listenin önceki çalıştırmaları okunamadı: %1</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The last batch of this list has lines not sent yet: place those first (a new batch can start once it is finished).</source>
        <translation>Bu listenin son toplu siparişinde henüz gönderilmemiş satırlar var: önce onları verin (yeni bir toplu sipariş, o bitince başlayabilir).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This list is being placed right now (another Mass order window or smm-desk-cli, since %1): wait for it to finish.</source>
        <translation>Bu liste şu anda veriliyor (başka bir Toplu sipariş penceresi ya da smm-desk-cli, %1): bitmesini bekleyin.</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>%1 skipped (not sent)</source>
        <translation>%1 atlandı (gönderilmedi)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The panel refused line %1: %2

Nothing was placed for that line, and the lines after it were not sent. Go on with the other lines? (The refused line is left out.)</source>
        <translation>Panel %1. satırı reddetti: %2

Bu satır için sipariş verilmedi ve sonraki satırlar gönderilmedi. Diğer satırlarla devam edilsin mi? (Reddedilen satır dışarıda bırakılır.)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A line was refused</source>
        <translation>Bir satır reddedildi</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Place</source>
        <translation>Ver</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stop here</source>
        <translation>Burada dur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on</source>
        <translation>Devam et</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>Line %1 may have been placed: something went wrong while it was being sent. It is never sent again; check the panel&apos;s order list.</source>
        <translation>%1. satır verilmiş olabilir: gönderilirken bir sorun çıktı. Bir daha gönderilmez; panelin sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This list is being placed right now by another Mass order window or by smm-desk-cli. Nothing was sent.</source>
        <translation>Bu liste şu anda başka bir Toplu sipariş penceresi ya da smm-desk-cli tarafından veriliyor. Hiçbir şey gönderilmedi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The last batch of this list has lines not sent yet: place those first. Nothing was sent.</source>
        <translation>Bu listenin son toplu siparişinde henüz gönderilmemiş satırlar var: önce onları verin. Hiçbir şey gönderilmedi.</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="-71"/>
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n satır</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Place %n order(s)</source>
        <translation>
            <numerusform>%n sipariş ver</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n line(s) were placed by another batch in the last 24 hours: not placed again.</source>
        <translation>
            <numerusform>%n satır son 24 saatte başka bir toplu siparişle verildi: yeniden verilmez.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Place %n order(s) on %1 for about %2?

Lines with problems and lines already placed are skipped.</source>
        <translation>
            <numerusform>%1 paneline yaklaşık %2 karşılığında %n sipariş verilsin mi?

Sorunlu satırlar ve daha önce verilmiş satırlar atlanır.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/order_form/mass_order.py" line="-339"/>
        <source>Orders, one per line</source>
        <translation>Siparişler, satır başına bir tane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>service ID | link | quantity</source>
        <translation>hizmet ID | bağlantı | miktar</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Lines to order</source>
        <translation>Sipariş verilecek satırlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each line checked against the panel&apos;s services</source>
        <translation>Her satır panelin hizmetlerine göre denetlenir</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No customer</source>
        <translation>Müşteri yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ustomer:</source>
        <translation>&amp;Müşteri:</translation>
    </message>
</context>
<context>
    <name>MassOrderModel</name>
    <message>
        <location line="-193"/>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Fiyat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Ready</source>
        <translation>Hazır</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (earlier run)</source>
        <translation> (önceki gönderim)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Placed #%1</source>
        <translation>Verildi #%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placed</source>
        <translation>Verildi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check on panel: may have been placed</source>
        <translation>Panelden kontrol edin: verilmiş olabilir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected: %1</source>
        <translation>Reddedildi: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not sent: you have an active order on this link</source>
        <translation>Gönderilmedi: bu bağlantıda etkin bir siparişiniz var</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent</source>
        <translation>Gönderilmedi</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Ready — check the link: %1</source>
        <translation>Hazır — bağlantıyı kontrol edin: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not sent: line %1 has the same service and link</source>
        <translation>Gönderilmedi: %1. satırda aynı hizmet ve bağlantı var</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: placed in the last 24 hours (batch %1, line %2)</source>
        <translation>Gönderilmedi: son 24 saatte verildi (toplu sipariş %1, satır %2)</translation>
    </message>
    <message>
        <source>Not sent: order %1 on this link may have been placed and is not resolved; check the panel and resolve it in the history first</source>
        <translation type="vanished">Gönderilmedi: bu bağlantıdaki %1 numaralı sipariş verilmiş olabilir ve henüz netleştirilmedi; önce panelden kontrol edip geçmişte netleştirin</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not sent: order %1 of the same kind is active on this link (overlapping orders under-deliver)</source>
        <translation>Gönderilmedi: bu bağlantıda aynı türden %1 siparişi etkin (çakışan siparişler eksik teslim eder)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Not sent: order %1 on this link may have been placed and is not resolved; check the panel and resolve it in Orders first</source>
        <translation>Gönderilmedi: bu bağlantıdaki %1 numaralı sipariş verilmiş olabilir ve henüz netleştirilmedi; önce panelden kontrol edip Siparişler sayfasında netleştirin</translation>
    </message>
</context>
<context>
    <name>MoneySummary</name>
    <message>
        <location filename="../../ui/order_form/panes.py" line="+135"/>
        <source>Exactly %1</source>
        <translation>Tam olarak %1</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../ui/orders/background.py" line="+30"/>
        <source>Order completed</source>
        <translation>Sipariş tamamlandı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order ended partial</source>
        <translation>Sipariş kısmi tamamlandı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order canceled</source>
        <translation>Sipariş iptal edildi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order finished</source>
        <translation>Sipariş bitti</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 %2 on %3</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order</source>
        <translation>sipariş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the panel</source>
        <translation>panel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 orders finished</source>
        <translation>%1 sipariş bitti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>completed</source>
        <translation>tamamlandı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partial</source>
        <translation>kısmi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>canceled</source>
        <translation>iptal edildi</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>SMM Desk</source>
        <translation>SMM Desk</translation>
    </message>
</context>
<context>
    <name>OrderActions</name>
    <message>
        <location filename="../../ui/orders/actions.py" line="+43"/>
        <source>This order was never placed on the panel.</source>
        <translation>Bu sipariş panele hiç verilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a completed order can be refilled.</source>
        <translation>Yalnızca tamamlanmış bir sipariş yeniden doldurulabilir.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This order has already ended.</source>
        <translation>Bu sipariş zaten sona erdi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This service has no refill.</source>
        <translation>Bu hizmette yeniden doldurma yok.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This service cannot be canceled.</source>
        <translation>Bu hizmet iptal edilemez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel does not support refills (it answered “Incorrect request”).</source>
        <translation>Bu panel yeniden doldurmayı desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This panel does not support cancel (it answered “Incorrect request”).</source>
        <translation>Bu panel iptali desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The panel is offline; try again when it answers.</source>
        <translation>Panel çevrimdışı; yanıt verdiğinde yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This panel was removed from SMM Desk.</source>
        <translation>Bu panel SMM Desk&apos;ten kaldırıldı.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This order has no link.</source>
        <translation>Bu siparişin bağlantısı yok.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The link is a username, not a web address.</source>
        <translation>Bağlantı bir web adresi değil, bir kullanıcı adı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel gave this order no ID.</source>
        <translation>Panel bu siparişe bir numara vermedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tracked by ID: the panel did not say which service it used.</source>
        <translation>Numarayla izleniyor: panel hangi hizmetin kullanıldığını bildirmedi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The panel no longer lists this service.</source>
        <translation>Panel bu hizmeti artık listelemiyor.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only an order whose placement is uncertain needs resolving.</source>
        <translation>Yalnızca verilip verilmediği belirsiz olan bir siparişin netleştirilmesi gerekir.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select an order first.</source>
        <translation>Önce bir sipariş seçin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking what this order allows…</source>
        <translation>Bu siparişte nelerin yapılabileceği denetleniyor…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not available</source>
        <translation>Kullanılamıyor</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Check statuses &amp;now</source>
        <translation>Durumları &amp;şimdi denetle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the statuses of active orders now (F5)</source>
        <translation>Etkin siparişlerin durumlarını şimdi denetle (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refill</source>
        <translation>&amp;Yeniden doldur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel order…</source>
        <translation>Siparişi &amp;iptal et…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open link</source>
        <translation>Bağlantıyı &amp;aç</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy &amp;link</source>
        <translation>&amp;Bağlantıyı kopyala</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy order &amp;ID</source>
        <translation>Sipariş nu&amp;marasını kopyala</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order &amp;again…</source>
        <translation>Yeniden si&amp;pariş ver…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;solve…</source>
        <translation>&amp;Netleştir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Track existing orders…</source>
        <translation>Mevcut siparişleri i&amp;zle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export CSV…</source>
        <translation>&amp;CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the orders shown (current filter) as CSV</source>
        <translation>Gösterilen siparişleri (geçerli filtre) CSV olarak kaydet</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Ask the panel to refill drops (completed orders)</source>
        <translation>Panelden düşüşleri yeniden doldurmasını iste (tamamlanmış siparişler)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the panel to cancel this order</source>
        <translation>Panelden bu siparişi iptal etmesini iste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the link in your browser</source>
        <translation>Bağlantıyı tarayıcınızda açın</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the link</source>
        <translation>Bağlantıyı kopyala</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the panel&apos;s order ID</source>
        <translation>Panelin sipariş numarasını kopyala</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the order form filled like this order</source>
        <translation>Sipariş formunu bu siparişteki bilgilerle doldurulmuş olarak aç</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Say whether the panel placed this uncertain order</source>
        <translation>Panelin bu belirsiz siparişi verip vermediğini belirtin</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Acts on the order selected on the Orders page: open it first</source>
        <translation>Siparişler sayfasında seçili siparişe uygulanır: önce o sayfayı açın</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import orders placed on a panel&apos;s website by their IDs</source>
        <translation>Bir panelin web sitesinden verilen siparişleri numaralarıyla içe aktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a panel first</source>
        <translation>Önce bir panel ekleyin</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Asking the panel for a refill…</source>
        <translation>Panelden yeniden doldurma isteniyor…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cancel order</source>
        <translation>Siparişi iptal et</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the panel to cancel order #%1? Whether it is canceled, and how much is refunded, is up to the panel.</source>
        <translation>#%1 numaralı siparişin iptali panelden istensin mi? İptal edilip edilmeyeceğine ve ne kadar iade yapılacağına panel karar verir.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Asking the panel to cancel…</source>
        <translation>Panelden iptal isteniyor…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Saving…</source>
        <translation>Kaydediliyor…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Marked as placed: order #%1.</source>
        <translation>Verildi olarak işaretlendi: #%1 numaralı sipariş.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marked as not placed.</source>
        <translation>Verilmedi olarak işaretlendi.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Link copied.</source>
        <translation>Bağlantı kopyalandı.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order ID copied.</source>
        <translation>Sipariş numarası kopyalandı.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export orders</source>
        <translation>Siparişleri dışa aktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Exporting…</source>
        <translation>Dışa aktarılıyor…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The folder %1 cannot be written (it is read-only or you may not write there). Choose another folder for the export.</source>
        <translation>%1 klasörüne yazılamıyor (salt okunur ya da oraya yazma izniniz yok). Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk of %1 is full. Free some space or choose another folder for the export.</source>
        <translation>%1 klasörünün bulunduğu disk dolu. Biraz yer açın ya da dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 does not exist (any more). Choose another folder for the export.</source>
        <translation>%1 klasörü (artık) yok. Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export could not be written to %1: %2</source>
        <translation>Dışa aktarılan dosya %1 klasörüne yazılamadı: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 order(s) exported to %2</source>
        <translation>%1 sipariş %2 dosyasına aktarıldı</translation>
    </message>
    <message>
        <location line="-351"/>
        <source>Your login can only view this team workspace</source>
        <translation>Oturumunuz bu ekip çalışma alanını yalnızca görüntüleyebilir</translation>
    </message>
</context>
<context>
    <name>OrderDetails</name>
    <message>
        <location filename="../../ui/orders/details.py" line="+28"/>
        <location line="+75"/>
        <source>Placed</source>
        <translation>Verildi</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Order details</source>
        <translation>Sipariş ayrıntıları</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select an order to see everything that was sent, its status history and refills.</source>
        <translation>Gönderilen her şeyi, durum geçmişini ve yeniden doldurmaları görmek için bir sipariş seçin.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Local order %1</source>
        <translation>Yerel sipariş %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>tracked order</source>
        <translation>takip edilen sipariş</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Updated</source>
        <translation>Güncellendi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+14"/>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charge</source>
        <translation>Ücret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate</source>
        <translation>Tahmini ücret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start count</source>
        <translation>Başlangıç sayısı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remains</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Panel status</source>
        <translation>Panel durumu</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Drip-feed</source>
        <translation>Damla besleme</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 runs every %2 min</source>
        <translation>%2 dakikada bir, %1 parti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem</source>
        <translation>Sorun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sell price</source>
        <translation>Satış fiyatı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profit</source>
        <translation>Kâr</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sent to the panel</source>
        <translation>Panele gönderilenler</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing: tracked by ID.</source>
        <translation>Hiçbir şey: ID ile takip ediliyor.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status history</source>
        <translation>Durum geçmişi</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>remains %1</source>
        <translation>kalan %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No history yet.</source>
        <translation>Henüz geçmiş yok.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refills</source>
        <translation>Yeniden doldurmalar</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>refused</source>
        <translation>reddedildi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None requested.</source>
        <translation>Hiç istenmedi.</translation>
    </message>
</context>
<context>
    <name>OrderFields</name>
    <message>
        <location filename="../../ui/order_form/fields.py" line="+139"/>
        <source>%1 (optional)</source>
        <translation>%1 (isteğe bağlı)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Choose…</source>
        <translation>Seçin…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No end date</source>
        <translation>Bitiş tarihi yok</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>at least %1</source>
        <translation>en az %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This panel refused this choice before, so it is not offered.</source>
        <translation>Bu panel bu seçeneği daha önce reddetti, bu yüzden sunulmuyor.</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>%1 to %2 allowed</source>
        <translation>%1 ile %2 arası kabul edilir</translation>
    </message>
</context>
<context>
    <name>OrderFilterBar</name>
    <message>
        <location filename="../../ui/orders/filters.py" line="+39"/>
        <source>All</source>
        <translation>Tümü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Etkin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed</source>
        <translation>Tamamlanan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Kısmi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canceled</source>
        <translation>İptal edilen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+60"/>
        <source>Needs attention</source>
        <translation>Dikkat gerektiren</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Any time</source>
        <translation>Tüm zamanlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Bugün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Son 7 gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Son 30 gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>Bu ay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom…</source>
        <translation>Özel…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Everything that needs attention</source>
        <translation>İlgi gerektiren her şey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stuck: not started in time</source>
        <translation>Takılan: zamanında başlamadı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slow: far slower than usual</source>
        <translation>Yavaş: her zamankinden çok daha yavaş</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stuck: not started after the hours set in Settings → Automation… (or a multiple of the service&apos;s usual start, when longer). Slow: in progress a multiple of the time the service usually takes (set there too)</source>
        <translation>Takıldı: Ayarlar → Otomasyon… içinde belirlenen saat geçtiği hâlde başlamadı (hizmetin olağan başlama süresinin katı daha uzunsa o kadar). Yavaş: hizmetin olağan süresinin katı kadar süredir devam ediyor (o da orada belirlenir)</translation>
    </message>
    <message>
        <source>Stuck: not started after 6 hours, or 3 times the service&apos;s usual start. Slow: in progress 3 times longer than the service usually takes (Preferences)</source>
        <translation type="vanished">Takılan: 6 saat ya da hizmetin olağan başlama süresinin 3 katı geçtiği hâlde başlamadı. Yavaş: hizmetin olağan süresinin 3 katından uzun süredir devam ediyor (Tercihler)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Search order ID, link or service…</source>
        <translation>Sipariş ID, bağlantı veya hizmet ara…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search orders</source>
        <translation>Siparişlerde ara</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Period</source>
        <translation>Dönem</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Orders from</source>
        <translation>Siparişlerin başlangıç tarihi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders until</source>
        <translation>Siparişlerin bitiş tarihi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Drip-feed</source>
        <translation>Damla besleme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only drip-feed orders (delivered in runs)</source>
        <translation>Yalnızca damla besleme siparişleri (parça parça teslim edilen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subscriptions</source>
        <translation>Abonelikler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only subscription orders</source>
        <translation>Yalnızca abonelik siparişleri</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Uncertain, rejected by the panel, not sent, not found on the panel, or failed</source>
        <translation>Belirsiz, panelce reddedilmiş, gönderilmemiş, panelde bulunamamış ya da başarısız</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Placed by</source>
        <translation>Siparişi veren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the orders placed by this team member</source>
        <translation>Yalnızca bu ekip üyesinin verdiği siparişler</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+124"/>
        <source>Placed by anyone</source>
        <translation>Siparişi veren: herkes</translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message>
        <location filename="../../ui/order_form/form.py" line="+203"/>
        <source>Choose a service in the Services list to order it here.</source>
        <translation>Buradan sipariş vermek için Hizmetler listesinden bir hizmet seçin.</translation>
    </message>
    <message>
        <location filename="../../ui/selfcheck/runner.py" line="+137"/>
        <location filename="_core_strings.py" line="+53"/>
        <source>Place order</source>
        <translation>Sipariş ver</translation>
    </message>
    <message>
        <source>Place the order (Ctrl+Enter)</source>
        <translation type="vanished">Siparişi ver (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Show in history</source>
        <translation type="vanished">Geçmişte göster</translation>
    </message>
    <message>
        <location filename="../../ui/order_form/form.py" line="+113"/>
        <source>Loading the service…</source>
        <translation>Hizmet yükleniyor…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This panel is no longer connected.</source>
        <translation>Bu panel artık bağlı değil.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Service %1 is not in this panel&apos;s list (any more). Refresh the services and choose another one.</source>
        <translation>%1 numaralı hizmet bu panelin listesinde (artık) yok. Hizmetleri yenileyip başka bir hizmet seçin.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The service could not be loaded: %1</source>
        <translation>Hizmet yüklenemedi: %1</translation>
    </message>
    <message>
        <source>Panel: %1 (this order goes to %1, not to the panel chosen in the toolbar)</source>
        <translation type="vanished">Panel: %1 (bu sipariş araç çubuğunda seçili panele değil, %1 paneline gider)</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-22"/>
        <source>%1 per package</source>
        <translation>paket başına %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 per 1,000</source>
        <translation>1.000 adet başına %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>min %1, max %2</source>
        <translation>en az %1, en çok %2</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Refill</source>
        <translation>Yeniden doldurma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed</source>
        <translation>Damla besleme</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>average time %1</source>
        <translation>ortalama süre %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An order of the same kind is already active on this link: %1 on %2 (%3, %4). Overlapping orders under-deliver: the panels count from the same start and refund nothing.

Place this order too?</source>
        <translation>Bu bağlantıda aynı türden bir sipariş zaten etkin: %2 üzerinde %1 (%3, %4). Çakışan siparişler eksik teslim edilir: paneller aynı başlangıçtan sayar ve hiçbir şeyi iade etmez.

Bu sipariş de verilsin mi?</translation>
    </message>
    <message>
        <source>%1 (optional)</source>
        <translation type="vanished">%1 (isteğe bağlı)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="vanished">Seçin…</translation>
    </message>
    <message>
        <source>No end date</source>
        <translation type="vanished">Bitiş tarihi yok</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation type="vanished">en az %1</translation>
    </message>
    <message>
        <source>This panel refused this choice before, so it is not offered.</source>
        <translation type="vanished">Bu panel bu seçeneği daha önce reddetti, bu yüzden sunulmuyor.</translation>
    </message>
    <message>
        <source>To place the order, fill in: %1</source>
        <translation type="vanished">Siparişi vermek için şunları doldurun: %1</translation>
    </message>
    <message>
        <source>Fix the fields marked in red to place the order.</source>
        <translation type="vanished">Siparişi vermek için kırmızıyla işaretli alanları düzeltin.</translation>
    </message>
    <message>
        <source>%1 to %2 allowed</source>
        <translation type="vanished">%1 ile %2 arası kabul edilir</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>1 package</source>
        <translation>1 paket</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 to %2 per post</source>
        <translation>gönderi başına %1 ile %2 arası</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 new posts</source>
        <translation>%1 yeni gönderi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 × %2 runs = %3</source>
        <translation>%1 × %2 parti = %3</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Estimated charge: %1 (one package)</source>
        <translation>Tahmini ücret: %1 (bir paket)</translation>
    </message>
    <message>
        <source>Estimated charge: up to %1 per post (%2)</source>
        <translation type="vanished">Tahmini ücret: gönderi başına en çok %1 (%2)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Estimated charge: %1 (%2)</source>
        <translation>Tahmini ücret: %1 (%2)</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Estimated charge: enter the quantity to see the price</source>
        <translation>Tahmini ücret: fiyatı görmek için miktarı girin</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Balance unknown: refresh the panel to see it before ordering.</source>
        <translation>Bakiye bilinmiyor: sipariş vermeden önce görmek için paneli yenileyin.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Balance after this order: %1 (balance %2, checked %3)</source>
        <translation>Bu siparişten sonraki bakiye: %1 (bakiye %2, %3 denetlendi)</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Your last known balance is lower than this order&apos;s estimated charge. Top up on the panel&apos;s website first, or the panel will refuse it.</source>
        <translation>Bilinen son bakiyeniz bu siparişin tahmini ücretinden düşük. Önce panelin web sitesinden bakiye yükleyin, yoksa panel siparişi reddeder.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Username</source>
        <translation>Kullanıcı adı</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Panel: %1</source>
        <translation>Panel: %1</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Estimated charge: %1</source>
        <translation>Tahmini ücret: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>quantity %1</source>
        <translation>miktar %1</translation>
    </message>
    <message>
        <source>Exactly %1</source>
        <translation type="vanished">Tam olarak %1</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Exactly %1 (balance %2)</source>
        <translation>Tam olarak %1 (bakiye %2)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>up to %1 per post (enter the new posts to see the total)</source>
        <translation>gönderi başına en fazla %1 (toplamı görmek için yeni gönderi sayısını girin)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service: #%1 %2</source>
        <translation>Hizmet: #%1 %2</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Quantity: %1</source>
        <translation>Miktar: %1</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Price: %1 (estimate; the panel charges its own amount)</source>
        <translation>Fiyat: %1 (tahmini; panel kendi tutarını tahsil eder)</translation>
    </message>
    <message>
        <location filename="../../ui/order_form/form.py" line="+194"/>
        <source>Place this order?</source>
        <translation>Bu sipariş verilsin mi?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order again?</source>
        <translation>Yeniden sipariş verilsin mi?</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+32"/>
        <source>Your last attempt to place this same order may have gone through: the panel did not answer. Check your orders on the panel&apos;s website first.

Place another order anyway?</source>
        <translation>Aynı siparişi verme yönündeki son denemeniz gerçekleşmiş olabilir: panel yanıt vermedi. Önce panelin web sitesinden siparişlerinizi kontrol edin.

Yine de yeni bir sipariş verilsin mi?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an order that may have been placed (the panel did not answer)</source>
        <translation>verilmiş olabilecek bir siparişiniz (panel yanıt vermedi)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an active order #%1</source>
        <translation>#%1 numaralı etkin bir siparişiniz</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>an active order</source>
        <translation>etkin bir siparişiniz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You already have %1 for this service on this link (%2, %3).

Place another order?</source>
        <translation>Bu bağlantıda bu hizmet için zaten %1 var (%2, %3).

Yeni bir sipariş daha verilsin mi?</translation>
    </message>
    <message>
        <location filename="../../ui/order_form/form.py" line="+38"/>
        <source>Possible duplicate order</source>
        <translation>Olası mükerrer sipariş</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not placed: you kept the existing order.</source>
        <translation>Verilmedi: mevcut siparişi korudunuz.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Not sent: %1</source>
        <translation>Gönderilmedi: %1</translation>
    </message>
    <message>
        <source>Placing…</source>
        <translation type="vanished">Veriliyor…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Sending the order to the panel…</source>
        <translation>Sipariş panele gönderiliyor…</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-3"/>
        <source>Place another</source>
        <translation>Yenisini ver</translation>
    </message>
    <message>
        <source>Schedule…</source>
        <translation type="vanished">Zamanla…</translation>
    </message>
    <message>
        <source>An order on this link may already have been placed on %1 (%2, %3): that panel did not answer, and the order is not resolved yet. Check it on that panel&apos;s website and resolve it in the history first.

Place this order too?</source>
        <translation type="vanished">Bu bağlantı için %1 panelinde zaten bir sipariş verilmiş olabilir (%2, %3): o panel yanıt vermedi ve sipariş henüz netleştirilmedi. Önce o panelin web sitesinden kontrol edip geçmişte netleştirin.

Bu siparişi de verilsin mi?</translation>
    </message>
    <message>
        <source>The order on the Orders page</source>
        <translation type="vanished">Sipariş, Siparişler sayfasında</translation>
    </message>
    <message>
        <source>Show in Scheduled</source>
        <translation type="vanished">Zamanlanmışta göster</translation>
    </message>
    <message>
        <source>Placed. Change the values to place another order.</source>
        <translation type="vanished">Verildi. Başka bir sipariş vermek için değerleri değiştirin.</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Scheduled: the first order goes out on %1.</source>
        <translation>Zamanlandı: ilk sipariş %1 tarihinde gönderilecek.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It repeats until you pause or delete it.</source>
        <translation>Siz duraklatana ya da silene kadar tekrarlanır.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>SMM Desk places them while it runs (in the tray too).</source>
        <translation>SMM Desk çalıştığı sürece (sistem tepsisinde de) bunları verir.</translation>
    </message>
    <message>
        <location filename="../../ui/order_form/form.py" line="-107"/>
        <source>Nothing sent yet: waiting for your answer about the earlier order.</source>
        <translation>Henüz hiçbir şey gönderilmedi: önceki sipariş hakkındaki yanıtınız bekleniyor.</translation>
    </message>
    <message>
        <source>Checking your earlier orders…</source>
        <translation type="vanished">Önceki siparişleriniz denetleniyor…</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+34"/>
        <source>An order on this link may already have been placed on %1 (%2, %3): that panel did not answer, and the order is not resolved yet. Check it on that panel&apos;s website and resolve it in Orders first.

Place this order too?</source>
        <translation>Bu bağlantı için %1 panelinde zaten bir sipariş verilmiş olabilir (%2, %3): o panel yanıt vermedi ve sipariş henüz netleştirilmedi. Önce o panelin web sitesinden kontrol edip Siparişler sayfasında netleştirin.

Bu sipariş de verilsin mi?</translation>
    </message>
    <message>
        <location filename="../../ui/order_form/form.py" line="-131"/>
        <source>Key needed on this computer: enter the panel&apos;s API key (Enter API key… in the status bar) to place orders on it from here.</source>
        <translation>Bu bilgisayarda anahtar gerekli: buradan bu panele sipariş vermek için panelin API anahtarını girin (durum çubuğunda API anahtarını gir…).</translation>
    </message>
</context>
<context>
    <name>OrderFormCompare</name>
    <message>
        <location filename="../../ui/compare/form_addon.py" line="+212"/>
        <source>Switch</source>
        <translation>Geç</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Compare…</source>
        <translation>Karşılaştır…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same service on your other panels (Ctrl+Shift+C)</source>
        <translation>Aynı hizmet diğer panellerinizde (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Panel: %1</source>
        <translation type="vanished">Panel: %1</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Same service on %1: %2 per package, %3 % less</source>
        <translation>Aynı hizmet %1 panelinde: paket başına %2, %%3 daha ucuz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same service on %1: %2 per 1,000, %3 % less</source>
        <translation>Aynı hizmet %1 panelinde: 1.000 başına %2, %%3 daha ucuz</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>This panel refused for lack of funds.</source>
        <translation>Bu panel bakiye yetersiz olduğu için reddetti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel refused the service.</source>
        <translation>Bu panel hizmeti reddetti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel refused the quantity.</source>
        <translation>Bu panel miktarı reddetti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel could not be reached; nothing was sent.</source>
        <translation>Bu panele ulaşılamadı; hiçbir şey gönderilmedi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The same service on %1: %2 per 1,000 (%3).</source>
        <translation>Aynı hizmet %1 panelinde: 1.000 başına %2 (%3).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Order on %1</source>
        <translation>%1 üzerinden sipariş ver</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Similar service on %1: %2 per package, %3 % less, but the refill differs: %4 there, %5 here</source>
        <translation>Benzer hizmet %1 panelinde: paket başına %2, %%3 daha ucuz, ancak yeniden doldurma farklı: orada %4, burada %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Similar service on %1: %2 per 1,000, %3 % less, but the refill differs: %4 there, %5 here</source>
        <translation>Benzer hizmet %1 panelinde: 1.000 başına %2, %%3 daha ucuz, ancak yeniden doldurma farklı: orada %4, burada %5</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>The same service on %1: %2 per package (%3).</source>
        <translation>Aynı hizmet %1 panelinde: paket başına %2 (%3).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Its refill differs: %1 there, %2 here.</source>
        <translation>Yeniden doldurması farklı: orada %1, burada %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its balance is not known yet.</source>
        <translation>O panelin bakiyesi henüz bilinmiyor.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Its price could not be compared with this one: no exchange rate for %1.</source>
        <translation>Fiyatı bununla karşılaştırılamadı: %1 için kur yok.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It costs %1 more per package than here (+%2 %).</source>
        <translation>Paket başına buradakinden %1 daha pahalı (+%%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It costs %1 more per 1,000 than here (+%2 %).</source>
        <translation>1.000 başına buradakinden %1 daha pahalı (+%%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It costs %1 less per package than here (−%2 %).</source>
        <translation>Paket başına buradakinden %1 daha ucuz (−%%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It costs %1 less per 1,000 than here (−%2 %).</source>
        <translation>1.000 başına buradakinden %1 daha ucuz (−%%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It costs the same as here.</source>
        <translation>Fiyatı buradakiyle aynı.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This order: about %1 more.</source>
        <translation>Bu sipariş: yaklaşık %1 daha pahalı.</translation>
    </message>
    <message>
        <location line="-267"/>
        <source>Order there</source>
        <translation>Oradan sipariş ver</translation>
    </message>
</context>
<context>
    <name>OrderSales</name>
    <message>
        <location filename="../../ui/orders/sales.py" line="+43"/>
        <source>Sell to custo&amp;mer…</source>
        <translation>Müşt&amp;eriye sat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the selected orders a customer and a sell price</source>
        <translation>Seçili siparişlere bir müşteri ve satış fiyatı verin</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show every customer&apos;s orders again</source>
        <translation>Tüm müşterilerin siparişlerini yeniden göster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer filter</source>
        <translation>Müşteri süzgeci</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Customer: %1 ✕</source>
        <translation>Müşteri: %1 ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer filter: %1</source>
        <translation>Müşteri süzgeci: %1</translation>
    </message>
</context>
<context>
    <name>OrdersStatus</name>
    <message>
        <location filename="../../ui/orders/status.py" line="+70"/>
        <source>a removed panel</source>
        <translation>kaldırılmış bir panel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Showing data from %1; %2 is offline.</source>
        <translation>%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Showing data from %1; %2 are offline.</source>
        <translation>%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refill, cancel and status checks wait until it answers again.</source>
        <translation>Yeniden doldurma, iptal ve durum denetimleri panel yeniden yanıt verene kadar bekler.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 order(s)</source>
        <translation>%1 sipariş</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1+ orders</source>
        <translation>%1+ sipariş</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>statuses checked %1</source>
        <translation>durumlar %1 denetlendi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checking…</source>
        <translation>denetleniyor…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: next try in %2</source>
        <translation>%1: sonraki deneme %2 sonra</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 s</source>
        <translation>%1 sn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min</source>
        <translation>%1 dk</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not read the history: %1</source>
        <translation>Geçmiş okunamadı: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders</source>
        <translation>Siparişler</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+16"/>
        <source>%n order(s) changed.</source>
        <translation>
            <numerusform>%n sipariş değişti.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>All</source>
        <translation type="vanished">Tümü</translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="vanished">Etkin</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="vanished">Tamamlanan</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation type="vanished">Kısmi</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation type="vanished">İptal edilen</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="vanished">Dikkat gerektiren</translation>
    </message>
    <message>
        <source>This order was never placed on the panel.</source>
        <translation type="vanished">Bu sipariş panele hiç verilmedi.</translation>
    </message>
    <message>
        <source>Only a completed order can be refilled.</source>
        <translation type="vanished">Yalnızca tamamlanmış bir sipariş yeniden doldurulabilir.</translation>
    </message>
    <message>
        <source>This order has already ended.</source>
        <translation type="vanished">Bu sipariş zaten sona erdi.</translation>
    </message>
    <message>
        <source>This service has no refill.</source>
        <translation type="vanished">Bu hizmette yeniden doldurma yok.</translation>
    </message>
    <message>
        <source>This service cannot be canceled.</source>
        <translation type="vanished">Bu hizmet iptal edilemez.</translation>
    </message>
    <message>
        <source>This panel does not support refills (it answered “Incorrect request”).</source>
        <translation type="vanished">Bu panel yeniden doldurmayı desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <source>This panel does not support cancel (it answered “Incorrect request”).</source>
        <translation type="vanished">Bu panel iptali desteklemiyor (“Incorrect request” yanıtını verdi).</translation>
    </message>
    <message>
        <source>The panel is offline; try again when it answers.</source>
        <translation type="vanished">Panel çevrimdışı; yanıt verdiğinde yeniden deneyin.</translation>
    </message>
    <message>
        <source>This panel was removed from SMM Desk.</source>
        <translation type="vanished">Bu panel SMM Desk&apos;ten kaldırıldı.</translation>
    </message>
    <message>
        <source>This order has no link.</source>
        <translation type="vanished">Bu siparişin bağlantısı yok.</translation>
    </message>
    <message>
        <source>The link is a username, not a web address.</source>
        <translation type="vanished">Bağlantı bir web adresi değil, bir kullanıcı adı.</translation>
    </message>
    <message>
        <source>The panel gave this order no ID.</source>
        <translation type="vanished">Panel bu siparişe bir numara vermedi.</translation>
    </message>
    <message>
        <source>Tracked by ID: the panel did not say which service it used.</source>
        <translation type="vanished">Numarayla izleniyor: panel hangi hizmetin kullanıldığını bildirmedi.</translation>
    </message>
    <message>
        <source>The panel no longer lists this service.</source>
        <translation type="vanished">Panel bu hizmeti artık listelemiyor.</translation>
    </message>
    <message>
        <source>Only an order whose placement is uncertain needs resolving.</source>
        <translation type="vanished">Yalnızca verilip verilmediği belirsiz olan bir siparişin netleştirilmesi gerekir.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation type="vanished">Önce bir sipariş seçin.</translation>
    </message>
    <message>
        <source>Checking what this order allows…</source>
        <translation type="vanished">Bu siparişte nelerin yapılabileceği denetleniyor…</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation type="vanished">Kullanılamıyor</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="vanished">Tüm zamanlar</translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="vanished">Bugün</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="vanished">Son 7 gün</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="vanished">Son 30 gün</translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="vanished">Bu ay</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="vanished">Özel…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="vanished">Yenile</translation>
    </message>
    <message>
        <source>Check the statuses of active orders now (F5)</source>
        <translation type="vanished">Etkin siparişlerin durumlarını şimdi denetle (F5)</translation>
    </message>
    <message>
        <source>Refill</source>
        <translation type="vanished">Yeniden doldur</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation type="vanished">Siparişi iptal et</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation type="vanished">Bağlantıyı aç</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="vanished">Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy order ID</source>
        <translation type="vanished">Sipariş numarasını kopyala</translation>
    </message>
    <message>
        <source>Order again…</source>
        <translation type="vanished">Yeniden sipariş ver…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="vanished">Netleştir…</translation>
    </message>
    <message>
        <location filename="../../ui/orders/view.py" line="+419"/>
        <source>Track existing orders…</source>
        <translation>Mevcut siparişleri izle…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="vanished">CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <source>Save the orders shown (current filter) as CSV</source>
        <translation type="vanished">Gösterilen siparişleri (geçerli filtre) CSV olarak kaydet</translation>
    </message>
    <message>
        <source>Ask the panel to refill drops (completed orders)</source>
        <translation type="vanished">Panelden düşüşleri yeniden doldurmasını iste (tamamlanmış siparişler)</translation>
    </message>
    <message>
        <source>Ask the panel to cancel this order</source>
        <translation type="vanished">Panelden bu siparişi iptal etmesini iste</translation>
    </message>
    <message>
        <source>Open the link in your browser</source>
        <translation type="vanished">Bağlantıyı tarayıcınızda açın</translation>
    </message>
    <message>
        <source>Copy the link</source>
        <translation type="vanished">Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy the panel&apos;s order ID</source>
        <translation type="vanished">Panelin sipariş numarasını kopyala</translation>
    </message>
    <message>
        <source>Open the order form filled like this order</source>
        <translation type="vanished">Sipariş formunu bu siparişteki bilgilerle doldurulmuş olarak aç</translation>
    </message>
    <message>
        <source>Say whether the panel placed this uncertain order</source>
        <translation type="vanished">Panelin bu belirsiz siparişi verip vermediğini belirtin</translation>
    </message>
    <message>
        <source>Search order ID, link or service…</source>
        <translation type="vanished">Sipariş ID, bağlantı veya hizmet ara…</translation>
    </message>
    <message>
        <source>Drip-feed</source>
        <translation type="vanished">Damla besleme</translation>
    </message>
    <message>
        <source>Only drip-feed orders (delivered in runs)</source>
        <translation type="vanished">Yalnızca damla besleme siparişleri (parça parça teslim edilen)</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation type="vanished">Abonelikler</translation>
    </message>
    <message>
        <source>Only subscription orders</source>
        <translation type="vanished">Yalnızca abonelik siparişleri</translation>
    </message>
    <message>
        <location line="-211"/>
        <location line="+12"/>
        <source>Orders</source>
        <translation>Siparişler</translation>
    </message>
    <message>
        <source>Uncertain, rejected, not found on the panel, or failed</source>
        <translation type="vanished">Belirsiz, reddedilmiş, panelde bulunamamış veya başarısız</translation>
    </message>
    <message>
        <source>Import orders placed on a panel&apos;s website by their IDs</source>
        <translation type="vanished">Bir panelin web sitesinden verilen siparişleri numaralarıyla içe aktar</translation>
    </message>
    <message>
        <source>Add a panel first</source>
        <translation type="vanished">Önce bir panel ekleyin</translation>
    </message>
    <message>
        <source>Sell to custo&amp;mer…</source>
        <translation type="vanished">Müşt&amp;eriye sat…</translation>
    </message>
    <message>
        <source>Give the selected orders a customer and a sell price</source>
        <translation type="vanished">Seçili siparişlere bir müşteri ve satış fiyatı verin</translation>
    </message>
    <message>
        <source>Show every customer&apos;s orders again</source>
        <translation type="vanished">Tüm müşterilerin siparişlerini yeniden göster</translation>
    </message>
    <message>
        <source>Customer filter</source>
        <translation type="vanished">Müşteri süzgeci</translation>
    </message>
    <message>
        <source>Customer: %1 ✕</source>
        <translation type="vanished">Müşteri: %1 ✕</translation>
    </message>
    <message>
        <source>Customer filter: %1</source>
        <translation type="vanished">Müşteri süzgeci: %1</translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation type="vanished">Geçmiş okunamadı: %1</translation>
    </message>
    <message>
        <source>%1 order(s)</source>
        <translation type="vanished">%1 sipariş</translation>
    </message>
    <message>
        <source>statuses checked %1</source>
        <translation type="vanished">durumlar %1 denetlendi</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="vanished">denetleniyor…</translation>
    </message>
    <message>
        <source>%1 order(s) changed.</source>
        <translation type="vanished">%1 sipariş değişti.</translation>
    </message>
    <message>
        <source>Showing data from %1; %2 is offline.</source>
        <translation type="vanished">%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <source>Showing data from %1; %2 are offline.</source>
        <translation type="vanished">%1 itibarıyla kayıtlı veriler gösteriliyor; %2 çevrimdışı.</translation>
    </message>
    <message>
        <source>Refill, cancel and status checks wait until it answers again.</source>
        <translation type="vanished">Yeniden doldurma, iptal ve durum denetimleri panel yeniden yanıt verene kadar bekler.</translation>
    </message>
    <message>
        <source>Select an order to see everything that was sent, its status history and refills.</source>
        <translation type="vanished">Gönderilen her şeyi, durum geçmişini ve yeniden doldurmaları görmek için bir sipariş seçin.</translation>
    </message>
    <message>
        <source>Local order %1</source>
        <translation type="vanished">Yerel sipariş %1</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation type="vanished">Verildi</translation>
    </message>
    <message>
        <source>Check statuses &amp;now</source>
        <translation type="vanished">Durumları &amp;şimdi denetle</translation>
    </message>
    <message>
        <source>&amp;Refill</source>
        <translation type="vanished">&amp;Yeniden doldur</translation>
    </message>
    <message>
        <source>&amp;Cancel order…</source>
        <translation type="vanished">Siparişi &amp;iptal et…</translation>
    </message>
    <message>
        <source>&amp;Open link</source>
        <translation type="vanished">Bağlantıyı &amp;aç</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation type="vanished">&amp;Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy order &amp;ID</source>
        <translation type="vanished">Sipariş nu&amp;marasını kopyala</translation>
    </message>
    <message>
        <source>Order &amp;again…</source>
        <translation type="vanished">Yeniden si&amp;pariş ver…</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation type="vanished">&amp;Netleştir…</translation>
    </message>
    <message>
        <source>&amp;Track existing orders…</source>
        <translation type="vanished">Mevcut siparişleri i&amp;zle…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="vanished">&amp;CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation type="vanished">Siparişlerde ara</translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="vanished">Dönem</translation>
    </message>
    <message>
        <source>Orders from</source>
        <translation type="vanished">Siparişlerin başlangıç tarihi</translation>
    </message>
    <message>
        <source>Orders until</source>
        <translation type="vanished">Siparişlerin bitiş tarihi</translation>
    </message>
    <message>
        <source>Order details</source>
        <translation type="vanished">Sipariş ayrıntıları</translation>
    </message>
    <message>
        <source>Uncertain, rejected by the panel, not sent, not found on the panel, or failed</source>
        <translation type="vanished">Belirsiz, panelce reddedilmiş, gönderilmemiş, panelde bulunamamış ya da başarısız</translation>
    </message>
    <message>
        <source>%1+ orders</source>
        <translation type="vanished">%1+ sipariş</translation>
    </message>
    <message>
        <source>%1: next try in %2</source>
        <translation type="vanished">%1: sonraki deneme %2 sonra</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="vanished">%1 sn</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="vanished">%1 dk</translation>
    </message>
    <message>
        <source>Acts on the order selected on the Orders page: open it first</source>
        <translation type="vanished">Siparişler sayfasında seçili siparişe uygulanır: önce o sayfayı açın</translation>
    </message>
    <message>
        <source>tracked order</source>
        <translation type="vanished">takip edilen sipariş</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="vanished">Güncellendi</translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="vanished">Hizmet</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="vanished">Tür</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="vanished">Miktar</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation type="vanished">Ücret</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="vanished">Tahmini ücret</translation>
    </message>
    <message>
        <source>Start count</source>
        <translation type="vanished">Başlangıç sayısı</translation>
    </message>
    <message>
        <source>Remains</source>
        <translation type="vanished">Kalan</translation>
    </message>
    <message>
        <source>Panel status</source>
        <translation type="vanished">Panel durumu</translation>
    </message>
    <message>
        <source>%1 runs every %2 min</source>
        <translation type="vanished">%2 dakikada bir, %1 parti</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="vanished">Sorun</translation>
    </message>
    <message>
        <source>Sent to the panel</source>
        <translation type="vanished">Panele gönderilenler</translation>
    </message>
    <message>
        <source>Nothing: tracked by ID.</source>
        <translation type="vanished">Hiçbir şey: ID ile takip ediliyor.</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation type="vanished">Durum geçmişi</translation>
    </message>
    <message>
        <source>remains %1</source>
        <translation type="vanished">kalan %1</translation>
    </message>
    <message>
        <source>No history yet.</source>
        <translation type="vanished">Henüz geçmiş yok.</translation>
    </message>
    <message>
        <source>Refills</source>
        <translation type="vanished">Yeniden doldurmalar</translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="vanished">reddedildi</translation>
    </message>
    <message>
        <source>None requested.</source>
        <translation type="vanished">Hiç istenmedi.</translation>
    </message>
    <message>
        <source>Asking the panel for a refill…</source>
        <translation type="vanished">Panelden yeniden doldurma isteniyor…</translation>
    </message>
    <message>
        <source>Ask the panel to cancel order #%1? Whether it is canceled, and how much is refunded, is up to the panel.</source>
        <translation type="vanished">#%1 numaralı siparişin iptali panelden istensin mi? İptal edilip edilmeyeceğine ve ne kadar iade yapılacağına panel karar verir.</translation>
    </message>
    <message>
        <source>Asking the panel to cancel…</source>
        <translation type="vanished">Panelden iptal isteniyor…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="vanished">Kaydediliyor…</translation>
    </message>
    <message>
        <source>Marked as placed: order #%1.</source>
        <translation type="vanished">Verildi olarak işaretlendi: #%1 numaralı sipariş.</translation>
    </message>
    <message>
        <source>Marked as not placed.</source>
        <translation type="vanished">Verilmedi olarak işaretlendi.</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation type="vanished">Bağlantı kopyalandı.</translation>
    </message>
    <message>
        <source>Order ID copied.</source>
        <translation type="vanished">Sipariş numarası kopyalandı.</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation type="vanished">Siparişleri dışa aktar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="vanished">CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="vanished">Dışa aktarılıyor…</translation>
    </message>
    <message>
        <source>%1 order(s) exported to %2</source>
        <translation type="vanished">%1 sipariş %2 dosyasına aktarıldı</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) changed.</source>
        <translation type="vanished">
            <numerusform>%n sipariş değişti.</numerusform>
        </translation>
    </message>
    <message>
        <source>a removed panel</source>
        <translation type="vanished">kaldırılmış bir panel</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written (it is read-only or you may not write there). Choose another folder for the export.</source>
        <translation type="vanished">%1 klasörüne yazılamıyor (salt okunur ya da oraya yazma izniniz yok). Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The disk of %1 is full. Free some space or choose another folder for the export.</source>
        <translation type="vanished">%1 klasörünün bulunduğu disk dolu. Biraz yer açın ya da dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (any more). Choose another folder for the export.</source>
        <translation type="vanished">%1 klasörü (artık) yok. Dışa aktarma için başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The export could not be written to %1: %2</source>
        <translation type="vanished">Dışa aktarılan dosya %1 klasörüne yazılamadı: %2</translation>
    </message>
    <message>
        <location line="+197"/>
        <source>No orders yet. Choose a service on the Services page and press Enter to order it; orders placed on a panel&apos;s website can be added here too.</source>
        <translation>Henüz sipariş yok. Hizmetler sayfasında bir hizmet seçip Enter&apos;a basarak sipariş verin; bir panelin web sitesinde verilen siparişler de buraya eklenebilir.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Show all panels</source>
        <translation>Tüm panelleri göster</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear filter</source>
        <translation>Filtreyi temizle</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+1"/>
        <source>A filter hides %n order(s)</source>
        <translation>
            <numerusform>Bir filtre %n siparişi gizliyor</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>No orders on this panel; %n on your other panels</source>
        <translation>
            <numerusform>Bu panelde sipariş yok; diğer panellerinizde %n sipariş var</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PageNavigation</name>
    <message>
        <location filename="../../ui/shell/navigation.py" line="+84"/>
        <source>Check the statuses of active orders now (F5)</source>
        <translation>Etkin siparişlerin durumlarını şimdi denetle (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recount the spending from the saved orders (F5)</source>
        <translation>Harcamaları kayıtlı siparişlerden yeniden hesapla (F5)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download the services and balance again (F5)</source>
        <translation>Hizmetleri ve bakiyeyi yeniden indir (F5)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Already checking the statuses of active orders (%1 so far); they are checked again when this check ends.</source>
        <translation>Etkin siparişlerin durumları zaten denetleniyor (şimdiye kadar %1); bu denetim bitince yeniden denetlenecekler.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking the statuses of active orders…</source>
        <translation>Etkin siparişlerin durumları denetleniyor…</translation>
    </message>
</context>
<context>
    <name>PanelControl</name>
    <message>
        <location filename="../../ui/shell/panels.py" line="+57"/>
        <source>Which panel&apos;s services to show</source>
        <translation>Hangi panelin hizmetleri gösterilsin</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Panel:</source>
        <translation>Panel:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DEMO · simulated</source>
        <translation>DEMO · simülasyon</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This panel is simulated on your computer. Orders cost nothing and deliver nothing.</source>
        <translation>Bu panel bilgisayarınızda simüle ediliyor. Siparişler ücretsizdir ve hiçbir şey teslim edilmez.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Add panel…</source>
        <translation>Panel &amp;ekle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Connect another SMM panel</source>
        <translation>Başka bir SMM paneli bağlayın</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>&amp;Edit panel…</source>
        <translation>Paneli &amp;düzenle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;move panel</source>
        <translation>Paneli &amp;kaldır</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>All panels</source>
        <translation>Tüm paneller</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (simulated)</source>
        <translation>%1 (simülasyon)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A simulated panel on this computer: nothing is bought for real</source>
        <translation>Bu bilgisayarda çalışan bir simülasyon paneli: gerçekten hiçbir şey satın alınmaz</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Starting the demo panel…</source>
        <translation>Demo panel başlatılıyor…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The demo panel could not start: %1</source>
        <translation>Demo panel başlatılamadı: %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Panel “%1” saved.</source>
        <translation>“%1” paneli kaydedildi.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Panel “%1” added. Showing all panels: choose one in the Panel list to see only its services and orders.</source>
        <translation>“%1” paneli eklendi. Tüm paneller gösteriliyor: yalnızca birinin hizmetlerini ve siparişlerini görmek için Panel listesinden onu seçin.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove panel</source>
        <translation>Paneli kaldır</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove “%1”? Its API key is deleted from this computer; its order history stays.</source>
        <translation>“%1” kaldırılsın mı? API anahtarı bu bilgisayardan silinir; sipariş geçmişi kalır.</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>%1 — Key needed on this computer</source>
        <translation>%1 — Bu bilgisayarda anahtar gerekli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its orders are shown; to place orders on it from here, enter its API key (Edit panel…).</source>
        <translation>Siparişleri gösteriliyor; buradan sipariş vermek için API anahtarını girin (Paneli düzenle…).</translation>
    </message>
</context>
<context>
    <name>PanelDialog</name>
    <message>
        <location filename="../../ui/panels/dialog.py" line="+79"/>
        <source>Add panel</source>
        <translation>Panel ekle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit panel</source>
        <translation>Paneli düzenle</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find the API URL and your API key on the panel&apos;s website, usually under Account → API.</source>
        <translation>API URL&apos;sini ve API anahtarınızı panelin web sitesinde, genellikle Hesap → API altında bulabilirsiniz.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. My main panel</source>
        <translation>örn. Ana panelim</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API key</source>
        <translation>API anahtarı</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unchanged — type to replace</source>
        <translation>değişmedi — değiştirmek için yazın</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+105"/>
        <source>Show key</source>
        <translation>Anahtarı göster</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>⚠ This address uses http://: your API key travels unencrypted. Use https:// if the panel offers it.</source>
        <translation>⚠ Bu adres http:// kullanıyor: API anahtarınız şifrelenmeden gönderilir. Panel sunuyorsa https:// kullanın.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No system keyring: the key is kept for this session only.</source>
        <translation>Sistem anahtarlığı yok: anahtar yalnızca bu oturum boyunca tutulur.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Name:</source>
        <translation>&amp;Ad:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;URL:</source>
        <translation>API &amp;URL&apos;si:</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>API &amp;key:</source>
        <translation>API a&amp;nahtarı:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Test connection</source>
        <translation>Bağlantıyı &amp;sına</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The API key is kept on this computer only: you can enter it here.</source>
        <translation>API anahtarı yalnızca bu bilgisayarda saklanır: buraya girebilirsiniz.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Hide key</source>
        <translation>Anahtarı gizle</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Connecting…</source>
        <translation>Bağlanıyor…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type the API key to test the new address.</source>
        <translation>Yeni adresi sınamak için API anahtarını yazın.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Connected. Balance: %1</source>
        <translation>Bağlandı. Bakiye: %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+31"/>
        <source>Use %1</source>
        <translation>%1 kullan</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Could not save the panel: %1</source>
        <translation>Panel kaydedilemedi: %1</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>The secure (https) connection failed, but the address answers over plain http://: this panel&apos;s API does not speak https on that port. Use %1 (not encrypted) if that is the panel&apos;s address.</source>
        <translation>Güvenli (https) bağlantı kurulamadı, ancak adres düz http:// üzerinden yanıt veriyor: bu panelin API&apos;si o bağlantı noktasında https kullanmıyor. Panelin adresi buysa %1 adresini kullanın (şifrelenmez).</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>This panel is already connected as “%1”.</source>
        <translation>Bu panel zaten “%1” adıyla bağlı.</translation>
    </message>
    <message>
        <location line="-234"/>
        <source>Use the suggested address</source>
        <translation>Önerilen adresi kullan</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/customers/view.py" line="-107"/>
        <source>Record payment</source>
        <translation>Ödeme kaydet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Date</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customer:</source>
        <translation>Müşteri:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Tutar:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Date:</source>
        <translation>Ta&amp;rih:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;ote:</source>
        <translation>&amp;Not:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Type an amount, e.g. 12.50 (at most two decimals).</source>
        <translation>Bir tutar yazın, örn. 12,50 (en çok iki ondalık).</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <location filename="../../ui/period.py" line="+35"/>
        <source>From</source>
        <translation>Başlangıç</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To (including)</source>
        <translation>Bitiş (dahil)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;From:</source>
        <translation>&amp;Başlangıç:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;To:</source>
        <translation>B&amp;itiş:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From:</source>
        <translation>Başlangıç:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To:</source>
        <translation>Bitiş:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF dosyaları (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PlacementBar</name>
    <message>
        <location filename="../../ui/order_form/panes.py" line="+37"/>
        <location line="+56"/>
        <location line="+8"/>
        <source>Place order</source>
        <translation>Sipariş ver</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+52"/>
        <source>Place the order (Ctrl+Enter)</source>
        <translation>Siparişi ver (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Schedule…</source>
        <translation>Zamanla…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Placed. Change the values to place another order.</source>
        <translation>Verildi. Başka bir sipariş vermek için değerleri değiştirin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To place the order, fill in: %1</source>
        <translation>Siparişi vermek için şunları doldurun: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the fields marked in red to place the order.</source>
        <translation>Siparişi vermek için kırmızıyla işaretli alanları düzeltin.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+9"/>
        <source>Placing…</source>
        <translation>Veriliyor…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking your earlier orders…</source>
        <translation>Önceki siparişleriniz denetleniyor…</translation>
    </message>
    <message>
        <source>Show in history</source>
        <translation type="vanished">Geçmişte göster</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>The order on the Orders page</source>
        <translation>Sipariş, Siparişler sayfasında</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in Scheduled</source>
        <translation>Zamanlanmışta göster</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Show in Orders</source>
        <translation>Siparişlerde göster</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Key needed on this computer</source>
        <translation>Bu bilgisayarda anahtar gerekli</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/shell/preferences.py" line="+29"/>
        <source>Preferences</source>
        <translation>Tercihler</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> min</source>
        <translation> dk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Active orders are checked on the panels this often (F5 on Orders: now)</source>
        <translation>Etkin siparişler panellerde bu sıklıkla denetlenir (Siparişler&apos;de F5: hemen)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A new language is applied the next time SMM Desk starts.</source>
        <translation>Yeni dil, SMM Desk bir sonraki açılışında uygulanır.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check order statuses every</source>
        <translation>Sipariş durumlarını denetleme sıklığı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
</context>
<context>
    <name>PriceRulesDialog</name>
    <message>
        <location filename="../../ui/customers/rules.py" line="+66"/>
        <location line="+19"/>
        <source>Price rules</source>
        <translation>Fiyat kuralları</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>A sell price is the cost plus the markup, rounded up to the step, and at least the minimum. The most specific rule wins: a customer and a service, a customer, a service, a category, a panel, everything.</source>
        <translation>Satış fiyatı, maliyete kâr payının eklenip adıma yukarı yuvarlanmasıdır ve en az alt sınır kadardır. En özel kural geçerlidir: bir müşteri ve bir hizmet, bir müşteri, bir hizmet, bir kategori, bir panel, her şey.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Applies to</source>
        <translation>Uygulandığı yer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Markup</source>
        <translation>Kâr payı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum</source>
        <translation>Alt sınır</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rounding</source>
        <translation>Yuvarlama</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Delete rule</source>
        <translation>Kuralı &amp;sil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service number</source>
        <translation>Hizmet numarası</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>any service</source>
        <translation>her hizmet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>any category</source>
        <translation>her kategori</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Markup in percent</source>
        <translation>Yüzde olarak kâr payı</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minimum sell price</source>
        <translation>En düşük satış fiyatı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rounding step</source>
        <translation>Yuvarlama adımı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to the cent</source>
        <translation>kuruşa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add or replace rule</source>
        <translation>Kural &amp;ekle ya da değiştir</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>C&amp;ustomer:</source>
        <translation>&amp;Müşteri:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Panel:</source>
        <translation>&amp;Panel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ser&amp;vice #:</source>
        <translation>&amp;Hizmet no:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cate&amp;gory:</source>
        <translation>Ka&amp;tegori:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Markup %:</source>
        <translation>Kâr pa&amp;yı %:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mi&amp;nimum:</source>
        <translation>&amp;Alt sınır:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rounding step:</source>
        <translation>Yuvar&amp;lama adımı:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Any customer</source>
        <translation>Her müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any panel</source>
        <translation>Her panel</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No rules yet: sell prices are typed by hand until a rule fills them in.</source>
        <translation>Henüz kural yok: bir kural doldurana kadar satış fiyatları elle yazılır.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1, service #%2 on %3</source>
        <translation>%1, %3 üzerindeki #%2 hizmeti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer %1</source>
        <translation>Müşteri %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service #%1 on %2</source>
        <translation>%2 üzerindeki #%1 hizmeti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category “%1”</source>
        <translation>“%1” kategorisi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Panel %1</source>
        <translation>Panel %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything</source>
        <translation>Her şey</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Type the markup in percent (e.g. 30), the minimum as an amount (e.g. 1.50), the rounding step as an amount above zero (e.g. 0.05) and the service as its number.</source>
        <translation>Kâr payını yüzde olarak (örn. 30), alt sınırı bir tutar olarak (örn. 1,50), yuvarlama adımını sıfırdan büyük bir tutar olarak (örn. 0,05) ve hizmeti numarasıyla yazın.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not a rule SMM Desk knows: a customer&apos;s rule is for everything they order or for one service (with its panel); a service rule needs its panel; a rule is for a category or for a service, not both.</source>
        <translation>SMM Desk böyle bir kural bilmiyor: bir müşterinin kuralı sipariş ettiği her şey ya da (paneliyle) tek bir hizmet içindir; bir hizmet kuralı panelini ister; bir kural ya bir kategori ya da bir hizmet içindir, ikisi birden değil.</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../ui/reports/view.py" line="+82"/>
        <source>Group by</source>
        <translation>Gruplama</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+80"/>
        <source>Month</source>
        <translation>Ay</translation>
    </message>
    <message>
        <location line="-80"/>
        <location line="+80"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="-79"/>
        <location line="+80"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="-80"/>
        <location line="+80"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="vanished">Başlangıç</translation>
    </message>
    <message>
        <source>To (including)</source>
        <translation type="vanished">Bitiş (dahil)</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Save as CSV…</source>
        <translation>CSV olarak kaydet…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Period</source>
        <translation>Dönem</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+167"/>
        <source>Orders</source>
        <translation>Siparişler</translation>
    </message>
    <message>
        <location line="-167"/>
        <location line="+131"/>
        <location line="+36"/>
        <source>Revenue</source>
        <translation>Gelir</translation>
    </message>
    <message>
        <location line="-167"/>
        <location line="+168"/>
        <source>Cost</source>
        <translation>Maliyet</translation>
    </message>
    <message>
        <location line="-167"/>
        <location line="+131"/>
        <location line="+36"/>
        <source>Profit</source>
        <translation>Kâr</translation>
    </message>
    <message>
        <location line="-167"/>
        <source>Margin</source>
        <translation>Marj</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Revenue, cost and profit</source>
        <translation>Gelir, maliyet ve kâr</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Revenue and profit chart</source>
        <translation>Gelir ve kâr grafiği</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same amounts are in the table above</source>
        <translation>Aynı tutarlar yukarıdaki tabloda</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Group by:</source>
        <translation>Gruplama:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="vanished">Başlangıç:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="vanished">Bitiş:</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>(no customer)</source>
        <translation>(müşterisiz)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing sold in this period. Give orders a customer and a sell price (the order form, or the Orders page) and their revenue, cost and profit are counted here.</source>
        <translation>Bu dönemde satış yok. Siparişlere bir müşteri ve satış fiyatı verin (sipariş formunda ya da Siparişler sayfasında); gelirleri, maliyetleri ve kârları burada sayılır.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+77"/>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>%1: %2 order(s) in %3 have no rate to %4 and are not counted above (cost %5, sold for %6).</source>
        <translation>%1: %3 cinsinden %2 siparişin %4 kuru yok, yukarıda sayılmadı (maliyet %5, satış %6).</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Revenue and profit</source>
        <translation>Gelir ve kâr</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save report</source>
        <translation>Raporu kaydet</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="vanished">CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Margin %</source>
        <translation>Marj %</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Simulated: the demo panel&apos;s orders, not real money.</source>
        <translation>Simülasyon: demo panelin siparişleri, gerçek para değil.</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <location filename="../../ui/orders/dialogs.py" line="+53"/>
        <source>Resolve an uncertain order</source>
        <translation>Belirsiz bir siparişi netleştir</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The answer to this order was lost, so SMM Desk cannot know whether the panel placed it. Look at the panel&apos;s order list on its website, then say what you found.</source>
        <translation>Bu siparişin yanıtı kayboldu, bu yüzden SMM Desk panelin siparişi verip vermediğini bilemez. Panelin web sitesindeki sipariş listesine bakın, sonra ne bulduğunuzu belirtin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I found it on the panel: order #</source>
        <translation>Panelde buldum: sipariş #</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>order ID</source>
        <translation>sipariş ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was not placed</source>
        <translation>Sipariş verilmemiş</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Checking order #%1 with the panel…</source>
        <translation>#%1 numaralı sipariş panelde kontrol ediliyor…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Use #%1 anyway</source>
        <translation>Yine de #%1 kullan</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="vanished">%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Type the order ID the panel shows (digits).</source>
        <translation>Panelin gösterdiği sipariş numarasını yazın (rakamlarla).</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-16"/>
        <source>It is probably another order. The panel&apos;s status does not name the service or the link: compare them on its website.</source>
        <translation>Büyük olasılıkla başka bir sipariş. Panelin durum yanıtı hizmeti ya da bağlantıyı söylemez: bunları panelin web sitesinde karşılaştırın.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel does not know order #%1. Check the ID on the panel&apos;s website.</source>
        <translation>Panel #%1 numaralı siparişi tanımıyor. Numarayı panelin web sitesinde kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order #%1 is already recorded for another order of this panel: %2. One panel order cannot be two orders: check the ID on the panel&apos;s website.</source>
        <translation>#%1 numaralı sipariş bu panelin başka bir siparişi için zaten kayıtlı: %2. Paneldeki bir sipariş iki sipariş olamaz: numarayı panelin web sitesinde kontrol edin.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The panel could not be asked about order #%1 now (%2). It will be checked at the next sync.</source>
        <translation>Panele şu anda #%1 numaralı sipariş sorulamadı (%2). Bir sonraki eşitlemede kontrol edilecek.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel charged %1 for order #%2, but this order was estimated at %3.</source>
        <translation>Panel #%2 numaralı sipariş için %1 ücret aldı, ancak bu siparişin tahmini ücreti %3 idi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel says %1 remain to deliver for order #%2, but this order asked for %3.</source>
        <translation>Panele göre #%2 numaralı siparişte teslim edilecek %1 kaldı, ancak bu sipariş %3 istemişti.</translation>
    </message>
    <message>
        <location filename="../../ui/orders/dialogs.py" line="-54"/>
        <source>Order ID on the panel</source>
        <translation>Paneldeki sipariş ID&apos;si</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Use #%1</source>
        <translation>#%1 kullan</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-3"/>
        <source>Order #%1 is already tracked here as order %2 (imported by its ID). It is this order: using #%1 folds order %2 into this one (its history and refills move here) and removes it from the list.</source>
        <translation>#%1 numaralı sipariş burada zaten %2 numaralı sipariş olarak takip ediliyor (ID ile içe aktarıldı). Bu aynı sipariştir: #%1 kullanılırsa %2 numaralı sipariş bu siparişe katılır (geçmişi ve yeniden doldurmaları buraya taşınır) ve listeden kaldırılır.</translation>
    </message>
</context>
<context>
    <name>SaleBox</name>
    <message>
        <location filename="../../ui/order_form/sale.py" line="+70"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sell price</source>
        <translation>Satış fiyatı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the price rules</source>
        <translation>fiyat kurallarından</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>C&amp;ustomer:</source>
        <translation>&amp;Müşteri:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;ll price:</source>
        <translation>&amp;Satış fiyatı:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No customer</source>
        <translation>Müşteri yok</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Type the sell price as an amount, e.g. 12.50 (at most two decimals).</source>
        <translation>Satış fiyatını bir tutar olarak yazın, örn. 12,50 (en çok iki ondalık).</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cost %1</source>
        <translation>Maliyet %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cost %1 · profit %2 · margin %3</source>
        <translation>Maliyet %1 · kâr %2 · marj %3</translation>
    </message>
</context>
<context>
    <name>SaleDialog</name>
    <message>
        <location filename="../../ui/customers/view.py" line="+287"/>
        <source>Sell to customer</source>
        <translation>Müşteriye sat</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n order(s) selected.</source>
        <translation>
            <numerusform>%n sipariş seçildi.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No customer (take the sale away)</source>
        <translation>Müşteri yok (satışı kaldır)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sell price</source>
        <translation>Satış fiyatı</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: each order&apos;s price from the rules (%1)</source>
        <translation>boş: her siparişin fiyatı kurallardan (%1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Customer:</source>
        <translation>&amp;Müşteri:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sell price:</source>
        <translation>&amp;Satış fiyatı:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Type the sell price as an amount, e.g. 12.50 (at most two decimals), or leave it empty.</source>
        <translation>Satış fiyatını bir tutar olarak yazın, örn. 12,50 (en çok iki ondalık) ya da boş bırakın.</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../ui/schedules/dialog.py" line="+125"/>
        <source>Edit schedule</source>
        <translation>Zamanlamayı düzenle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Schedule order</source>
        <translation>Siparişi zamanla</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 · #%2 %3</source>
        <translation>%1 · #%2 %3</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>Time zone: %1</source>
        <translation>Saat dilimi: %1</translation>
    </message>
    <message>
        <location line="-149"/>
        <source>First run:</source>
        <translation>İlk çalıştırma:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat</source>
        <translation>Tekrarla</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>minutes</source>
        <translation>dakika</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>hours</source>
        <translation>saat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>days</source>
        <translation>gün</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Every:</source>
        <translation>Her:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Number of runs:</source>
        <translation>Çalıştırma sayısı:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Until:</source>
        <translation>Bitiş tarihi:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Without end</source>
        <translation>Sonsuz</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ends:</source>
        <translation>Biter:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wait for the previous run to finish on this link</source>
        <translation>Bu bağlantıdaki önceki çalıştırmanın bitmesini bekle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A due run is held while the order of the previous run on the same link is still active: overlapping orders under-deliver</source>
        <translation>Aynı bağlantıdaki önceki çalıştırmanın siparişi hâlâ etkinken, zamanı gelen çalıştırma bekletilir: çakışan siparişler eksik teslim edilir</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Charge per run:</source>
        <translation>Çalıştırma başına tutar:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total:</source>
        <translation>Toplam:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Schedule</source>
        <translation>Zamanla</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The first run is in the past.</source>
        <translation>İlk çalıştırma geçmişte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs must be at least one minute apart.</source>
        <translation>Çalıştırmalar arasında en az bir dakika olmalı.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The end date is before the first run.</source>
        <translation>Bitiş tarihi ilk çalıştırmadan önce.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 per run, without end</source>
        <translation>çalıştırma başına %1, sonsuz</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>An order of the same kind is already active on this link: %1 on %2 (%3). Overlapping orders under-deliver: the panels count from the same start and refund nothing. You can schedule anyway.</source>
        <translation>Bu bağlantıda aynı türden bir sipariş zaten etkin: %2 üzerinde %1 (%3). Çakışan siparişler eksik teslim edilir: paneller aynı başlangıçtan sayar ve hiçbir şeyi iade etmez. Yine de zamanlayabilirsiniz.</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+15"/>
        <source>%n more active order(s) of this kind on it.</source>
        <translation>
            <numerusform>Üzerinde bu türden %n etkin sipariş daha var.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 for %n run(s)</source>
        <translation>
            <numerusform>%n çalıştırma için %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/schedules/dialog.py" line="+21"/>
        <source>Could not save the schedule: %1</source>
        <translation>Zamanlama kaydedilemedi: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="-2"/>
        <source>%n run(s) sent so far. The runs below start from the next run: a run already made is never placed again.</source>
        <translation>
            <numerusform>Şimdiye kadar %n çalıştırma gönderildi. Aşağıdaki çalıştırmalar bir sonraki çalıştırmadan başlar: yapılmış bir çalıştırma asla yeniden verilmez.</numerusform>
        </translation>
    </message>
    <message>
        <source>This schedule has finished: its runs were all made. Make a new schedule to order again.</source>
        <translation type="vanished">Bu zamanlama bitti: tüm çalıştırmaları yapıldı. Yeniden sipariş vermek için yeni bir zamanlama oluşturun.</translation>
    </message>
    <message>
        <source>Nothing would be left to run: every run of this timing is at or before the last run already made. Choose a later first run.</source>
        <translation type="vanished">Çalıştırılacak bir şey kalmazdı: bu zamanlamanın her çalıştırması, zaten yapılmış son çalıştırmada ya da ondan önce. Daha sonraki bir ilk çalıştırma seçin.</translation>
    </message>
    <message>
        <location filename="../../ui/schedules/dialog.py" line="-248"/>
        <source>First run</source>
        <translation>İlk çalıştırma</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Repeat every</source>
        <translation>Tekrar aralığı</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Time unit</source>
        <translation>Zaman birimi</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Number of runs</source>
        <translation>Çalıştırma sayısı</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last run until</source>
        <translation>Son çalıştırma en geç</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <location filename="../../ui/schedules/view.py" line="+103"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next run</source>
        <translation>Sonraki çalıştırma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>Çalıştırmalar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last result</source>
        <translation>Son sonuç</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created by</source>
        <translation>Oluşturan</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>finished</source>
        <translation>bitti</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Paused: %1</source>
        <translation>Duraklatıldı: %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Finished</source>
        <translation>Bitti</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Active</source>
        <translation>Etkin</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Paused: all automation is paused</source>
        <translation>Duraklatıldı: tüm otomasyon duraklatıldı</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Held: the computer&apos;s clock jumped</source>
        <translation>Bekletiliyor: bilgisayarın saati atladı</translation>
    </message>
</context>
<context>
    <name>SchedulesView</name>
    <message>
        <location line="+6"/>
        <source>placed</source>
        <translation>verildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missed</source>
        <translation>kaçırıldı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused</source>
        <translation>reddedildi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uncertain</source>
        <translation>belirsiz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not placed (paused)</source>
        <translation>verilmedi (duraklatıldı)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sending</source>
        <translation>gönderiliyor</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+43"/>
        <location line="+154"/>
        <source>Scheduled orders</source>
        <translation>Zamanlanmış siparişler</translation>
    </message>
    <message>
        <location line="-193"/>
        <source>Pause</source>
        <translation>Duraklat</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+253"/>
        <source>Resume</source>
        <translation>Sürdür</translation>
    </message>
    <message>
        <location line="-252"/>
        <source>Edit…</source>
        <translation>Düzenle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+274"/>
        <source>Run now</source>
        <translation>Şimdi çalıştır</translation>
    </message>
    <message>
        <location line="-273"/>
        <source>Delete</source>
        <translation>Sil</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Due</source>
        <translation>Zamanı</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>Sonuç</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>No schedules yet. Use &quot;Schedule…&quot; in the order form.</source>
        <translation type="vanished">Henüz zamanlama yok. Sipariş formundaki &quot;Zamanla…&quot; düğmesini kullanın.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Could not load the schedules: %1</source>
        <translation>Zamanlamalar yüklenemedi: %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>#%1 (local)</source>
        <translation>#%1 (yerel)</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Place the next run of this schedule now? It will not be placed again at its time.</source>
        <translation>Bu zamanlamanın sonraki çalıştırması şimdi verilsin mi? Kendi zamanında tekrar verilmeyecek.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete schedule</source>
        <translation>Zamanlamayı sil</translation>
    </message>
    <message>
        <source>Delete this schedule? Orders it placed stay in the history.</source>
        <translation type="vanished">Bu zamanlama silinsin mi? Verdiği siparişler geçmişte kalır.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edit schedule</source>
        <translation>Zamanlamayı düzenle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This service is not in the panel&apos;s list any more.</source>
        <translation>Bu hizmet artık panelin listesinde değil.</translation>
    </message>
    <message>
        <location line="-286"/>
        <source>The clock is right: go on</source>
        <translation>Saat doğru: devam et</translation>
    </message>
    <message numerus="yes">
        <location line="+78"/>
        <source>The computer&apos;s clock jumped %n minute(s) ahead: no scheduled order is placed until you confirm the clock is right.</source>
        <translation>
            <numerusform>Bilgisayarın saati %n dakika ileri atladı: saatin doğru olduğunu onaylayana kadar hiçbir zamanlanmış sipariş verilmez.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Not placed: %1</source>
        <translation>Verilmedi: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The schedule is paused. Resume it when you want it to go on (at the new price, if the price rose).</source>
        <translation>Zamanlama duraklatıldı. Devam etmesini istediğinizde sürdürün (fiyat arttıysa yeni fiyattan).</translation>
    </message>
    <message>
        <source>Order %1, a run of this schedule, may or may not have been placed. Check the panel&apos;s order list and resolve the order in the history first: until then this schedule places nothing, so the same order cannot be bought twice.</source>
        <translation type="vanished">Bu zamanlamanın bir çalıştırması olan %1 numaralı sipariş verilmiş de olabilir, verilmemiş de. Önce panelin sipariş listesine bakın ve siparişi geçmişte çözümleyin: o zamana kadar bu zamanlama hiçbir şey vermez, böylece aynı sipariş iki kez satın alınamaz.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The computer&apos;s clock</source>
        <translation>Bilgisayarın saati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is the computer&apos;s date and time right now? Scheduled orders then go on; runs that fell due meanwhile follow the catch-up rule.</source>
        <translation>Bilgisayarın tarihi ve saati şu anda doğru mu? Zamanlanmış siparişler o zaman devam eder; bu arada vakti gelen çalıştırmalar telafi kuralına uyar.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The price rose</source>
        <translation>Fiyat arttı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price of this service rose from %1 to %2 (per 1,000, or per package). Accept the new price and resume? The run waiting for you is then placed at it.</source>
        <translation>Bu hizmetin fiyatı %1 değerinden %2 değerine çıktı (1.000 başına ya da paket başına). Yeni fiyatı kabul edip sürdürülsün mü? Sizi bekleyen çalıştırma o zaman bu fiyattan verilir.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Accept the new price and resume</source>
        <translation>Yeni fiyatı kabul et ve sürdür</translation>
    </message>
    <message>
        <location line="-203"/>
        <source>Runs of the selected schedule</source>
        <translation>Seçili zamanlamanın çalıştırmaları</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or double-click: show the order a run placed</source>
        <translation>Enter veya çift tıklama: çalıştırmanın verdiği siparişi göster</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>No scheduled orders yet. To place an order later or repeatedly, fill in the order form and press Schedule… instead of Place order.</source>
        <translation>Henüz zamanlanmış sipariş yok. Bir siparişi daha sonra ya da tekrar tekrar vermek için sipariş formunu doldurun ve Sipariş ver yerine Zamanla… düğmesine basın.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the order form</source>
        <translation>Sipariş formunu aç</translation>
    </message>
    <message>
        <location line="+172"/>
        <source>Delete this schedule? The orders it placed stay in Orders.</source>
        <translation>Bu zamanlama silinsin mi? Verdiği siparişler Siparişler sayfasında kalır.</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Order %1, a run of this schedule, may or may not have been placed. Check the panel&apos;s order list and resolve the order in Orders first: until then this schedule places nothing, so the same order cannot be bought twice.</source>
        <translation>Bu zamanlamanın bir çalıştırması olan %1 numaralı sipariş verilmiş de olabilir, verilmemiş de. Önce panelin sipariş listesine bakın ve siparişi Siparişler sayfasında netleştirin: o zamana kadar bu zamanlama hiçbir şey vermez, böylece aynı sipariş iki kez satın alınamaz.</translation>
    </message>
</context>
<context>
    <name>SendGuard</name>
    <message>
        <location filename="../../ui/shell/quitting.py" line="+33"/>
        <source>An order is being sent</source>
        <translation>Bir sipariş gönderiliyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An order is being sent to the panel and its answer has not arrived yet.

Wait for the answer (SMM Desk closes when it arrives), or quit anyway: the order is then recorded as uncertain, and you check the panel&apos;s order list.</source>
        <translation>Panele bir sipariş gönderiliyor ve yanıtı henüz gelmedi.

Yanıtı bekleyin (SMM Desk yanıt gelince kapanır) ya da yine de çıkın: bu durumda sipariş belirsiz olarak kaydedilir ve panelin sipariş listesini sizin kontrol etmeniz gerekir.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wait for the answer</source>
        <translation>Yanıtı bekle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit anyway</source>
        <translation>Yine de çık</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting for the panel&apos;s answer to the order being sent: SMM Desk closes when it arrives.</source>
        <translation>Gönderilen siparişe panelin yanıtı bekleniyor: SMM Desk yanıt gelince kapanacak.</translation>
    </message>
</context>
<context>
    <name>ServiceHeader</name>
    <message>
        <location filename="../../ui/order_form/panes.py" line="-128"/>
        <source>Panel: %1 (this order goes to %1, not to the panel chosen in the toolbar)</source>
        <translation>Panel: %1 (bu sipariş araç çubuğunda seçili panele değil, %1 paneline gider)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Panel: %1</source>
        <translation>Panel: %1</translation>
    </message>
</context>
<context>
    <name>ServicesFeed</name>
    <message>
        <location filename="../../ui/shell/services_feed.py" line="+205"/>
        <source>services</source>
        <translation>hizmetler</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refreshing %1</source>
        <translation>%1 yenileniyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waiting for the panel…</source>
        <translation>panel bekleniyor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refreshing %1…</source>
        <translation>%1 yenileniyor…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Already refreshing %1 (%2 so far): the list appears when the panel has sent it.</source>
        <translation>%1 zaten yenileniyor (şimdiye kadar %2): liste, panel gönderdiğinde görünecek.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>downloading the service list…</source>
        <translation>hizmet listesi indiriliyor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>saving the services…</source>
        <translation>hizmetler kaydediliyor…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A panel</source>
        <translation>Bir panel</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Refresh stopped: the services saved before are kept</source>
        <translation>Yenileme durduruldu: önceden kaydedilen hizmetler korunuyor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Services refreshed: %1</source>
        <translation>Hizmetler yenilendi: %1</translation>
    </message>
</context>
<context>
    <name>ServicesModel</name>
    <message>
        <location filename="../../ui/services/model.py" line="+68"/>
        <source>★</source>
        <translation>★</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate / 1000</source>
        <translation>Fiyat / 1000</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Min</source>
        <translation>En az</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max</source>
        <translation>En çok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refill</source>
        <translation>Yeniden doldurma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed</source>
        <translation>Damla besleme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg time</source>
        <translation>Ort. süre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Fiyat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Favourite (kept for this panel)</source>
        <translation>Favori (bu panel için saklanır)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price per 1000 (per package for package services), panel currency</source>
        <translation>1000 adet başına fiyat (paket hizmetlerde paket başına), panelin para biriminde</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The panel refills drops for this service</source>
        <translation>Panel bu hizmette düşüşleri yeniden doldurur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders of this service can be cancelled</source>
        <translation>Bu hizmetin siparişleri iptal edilebilir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed: deliver in several runs</source>
        <translation>Damla besleme: birkaç partide teslim</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average completion time, as the panel says</source>
        <translation>Panelin bildirdiği ortalama tamamlanma süresi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Price change at the last refresh</source>
        <translation>Son yenilemedeki fiyat değişimi</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="+3"/>
        <source>No longer offered by the panel</source>
        <translation>Panel artık sunmuyor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove from favourites</source>
        <translation>Favorilerden çıkar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add to favourites</source>
        <translation>Favorilere ekle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refill available</source>
        <translation>Yeniden doldurma var</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No refill</source>
        <translation>Yeniden doldurma yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can be cancelled</source>
        <translation>İptal edilebilir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot be cancelled</source>
        <translation>İptal edilemez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed available</source>
        <translation>Damla besleme var</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No drip-feed</source>
        <translation>Damla besleme yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price went up, was %1</source>
        <translation>Fiyat arttı, önceki: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price went down, was %1</source>
        <translation>Fiyat düştü, önceki: %1</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>This panel&apos;s currency is not known yet (refresh it to read its balance): not converted, sorted after every converted price</source>
        <translation>Bu panelin para birimi henüz bilinmiyor (bakiyesini okumak için yenileyin): çevrilmedi, çevrilen tüm fiyatlardan sonra sıralanır</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>As the panel writes it: %1</source>
        <translation>Panelin yazdığı şekliyle: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No exchange rate for %1: shown in the panel&apos;s currency and sorted after every converted price (set rates in Preferences)</source>
        <translation>%1 için döviz kuru yok: panelin para biriminde gösterilir ve çevrilen tüm fiyatlardan sonra sıralanır (kurları Tercihler’de girin)</translation>
    </message>
    <message>
        <source>%1 on the panel, converted to %2</source>
        <translation type="vanished">Panelde %1, %2 cinsine çevrildi</translation>
    </message>
</context>
<context>
    <name>ServicesView</name>
    <message>
        <location filename="../../ui/services/view.py" line="+96"/>
        <source>Search by name, category or ID (Ctrl+F)</source>
        <translation>Ad, kategori veya ID ile ara (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Show one category only</source>
        <translation>Yalnızca bir kategoriyi göster</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show one service type only</source>
        <translation>Yalnızca bir hizmet türünü göster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>★ Favourites</source>
        <translation>★ Favoriler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show favourite services only</source>
        <translation>Yalnızca favori hizmetleri göster</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Select a service to read its description.</source>
        <translation>Açıklamasını okumak için bir hizmet seçin.</translation>
    </message>
    <message>
        <source>Copy ID</source>
        <translation type="vanished">ID&apos;yi kopyala</translation>
    </message>
    <message>
        <source>Copy name</source>
        <translation type="vanished">Adı kopyala</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation type="vanished">Favori</translation>
    </message>
    <message>
        <source>New order for this service</source>
        <translation type="vanished">Bu hizmet için yeni sipariş</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>All categories</source>
        <translation>Tüm kategoriler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All types</source>
        <translation>Tüm türler</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No services yet</source>
        <translation>Henüz hizmet yok</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>No service selected</source>
        <translation>Hizmet seçilmedi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 per 1000</source>
        <translation>1000 adet başına %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>quantity %1–%2</source>
        <translation>miktar %1–%2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The panel gives no description.</source>
        <translation>Panel bir açıklama vermiyor.</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+1"/>
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n hizmet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 of %n service(s)</source>
        <translation>
            <numerusform>%n hizmetten %1 tanesi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/services/view.py" line="-34"/>
        <source>≈ %1 in your currency</source>
        <translation>≈ sizin para biriminizde %1</translation>
    </message>
    <message>
        <location line="-342"/>
        <source>Search services</source>
        <translation>Hizmetlerde ara</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name, category or ID; Escape clears it; Tab goes on to the filters</source>
        <translation>Ad, kategori veya ID; Escape temizler; Tab filtrelere geçer</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service type</source>
        <translation>Hizmet türü</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Services</source>
        <translation>Hizmetler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or double-click: order the selected service</source>
        <translation>Enter veya çift tıklama: seçili hizmetten sipariş ver</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Order…</source>
        <translation>Sipariş ver…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the order form for this service</source>
        <translation>Bu hizmetin sipariş formunu aç</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter or a double-click on a row does the same</source>
        <translation>Bir satırda Enter veya çift tıklama da aynısını yapar</translation>
    </message>
    <message>
        <source>or Enter / double-click on the row</source>
        <translation type="vanished">ya da satırda Enter / çift tıklama</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Service description</source>
        <translation>Hizmet açıklaması</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Copy I&amp;D</source>
        <translation>&amp;ID&apos;yi kopyala</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy n&amp;ame</source>
        <translation>A&amp;dı kopyala</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Favourite</source>
        <translation>&amp;Favori</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Order this service…</source>
        <translation>Bu hizmeti &amp;sipariş et…</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Clear filter</source>
        <translation>Filtreyi temizle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No services yet. They come from the panel: press F5 (Refresh) to download its list.</source>
        <translation>Henüz hizmet yok. Hizmetler panelden gelir: listesini indirmek için F5&apos;e (Yenile) basın.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Select a service to read about it; press Enter or double-click it to order it.</source>
        <translation>Ayrıntılarını okumak için bir hizmet seçin; sipariş vermek için Enter&apos;a basın ya da üzerine çift tıklayın.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To order this service: press Enter, double-click it, or use New order (Ctrl+N).</source>
        <translation>Bu hizmeti sipariş etmek için: Enter&apos;a basın, üzerine çift tıklayın ya da Yeni sipariş&apos;i (Ctrl+N) kullanın.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>average time %1</source>
        <translation>ortalama süre %1</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="-1"/>
        <source>A filter hides %n service(s)</source>
        <translation>
            <numerusform>Bir filtre %n hizmeti gizliyor</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/services/view.py" line="-265"/>
        <source>Delivery record</source>
        <translation>Teslimat kaydı</translation>
    </message>
</context>
<context>
    <name>SpendingView</name>
    <message>
        <location filename="../../ui/spending/view.py" line="+114"/>
        <location line="+93"/>
        <source>Spent this month</source>
        <translation>Bu ay harcanan</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Per day (30 days)</source>
        <translation>Günlük (30 gün)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per week (12 weeks)</source>
        <translation>Haftalık (12 hafta)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Panels bill in their own currency: one at a time</source>
        <translation>Paneller kendi para birimleriyle ücretlendirir: her seferinde bir panel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This month</source>
        <translation>Bu ay</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All time</source>
        <translation>Tüm zamanlar</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>(unknown)</source>
        <translation>(bilinmiyor)</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Spending per day</source>
        <translation>Günlük harcama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spending per week</source>
        <translation>Haftalık harcama</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Simulated this month (demo panel)</source>
        <translation>Bu ay simülasyon (demo panel)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo panel, simulated and not counted above: %1 this month</source>
        <translation>Demo panel, simülasyon olduğu için yukarıda sayılmadı: bu ay %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (simulated)</source>
        <translation>%1 (simülasyon)</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Chart period</source>
        <translation>Grafik dönemi</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Currency</source>
        <translation>Para birimi</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Spending per panel</source>
        <translation>Panel başına harcama</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Spending chart</source>
        <translation>Harcama grafiği</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same amounts per panel are in the table above</source>
        <translation>Panel başına aynı tutarlar yukarıdaki tablodadır</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>No spending yet. It is counted from the orders you place with SMM Desk, per panel and per day.</source>
        <translation>Henüz harcama yok. Harcama, SMM Desk ile verdiğiniz siparişlerden panel ve gün başına hesaplanır.</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <location filename="_core_strings.py" line="-175"/>
        <source>Date</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>Hizmet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>Teslim edilen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sell price</source>
        <translation>Satış fiyatı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment</source>
        <translation>Ödeme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed before</source>
        <translation>Önceki borç</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>Siparişler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Ödenen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance due</source>
        <translation>Kalan borç</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Currency</source>
        <translation>Para birimi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period</source>
        <translation>Dönem</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <location filename="../../ui/customers/view.py" line="-318"/>
        <source>Statement</source>
        <translation>Hesap dökümü</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="vanished">Başlangıç</translation>
    </message>
    <message>
        <source>To (including)</source>
        <translation type="vanished">Bitiş (dahil)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="vanished">&amp;Başlangıç:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="vanished">B&amp;itiş:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save as &amp;PDF…</source>
        <translation>&amp;PDF olarak kaydet…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save as &amp;CSV…</source>
        <translation>&amp;CSV olarak kaydet…</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <location filename="../../ui/shell/status.py" line="+45"/>
        <source>Enter API key…</source>
        <translation>API anahtarını gir…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Balances</source>
        <translation>Bakiyeler</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 background task(s) running</source>
        <translation>Arka planda %1 görev çalışıyor</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 panels · balances…</source>
        <translation>%1 panel · bakiyeler…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Last known balance and how old it is</source>
        <translation>Bilinen son bakiye ve ne kadar eski olduğu</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter the API key of %1 again</source>
        <translation>%1 için API anahtarını yeniden girin</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>● Key needed</source>
        <translation>● Anahtar gerekli</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● %1 need a key</source>
        <translation>● %1 panel anahtar bekliyor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● Connecting…</source>
        <translation>● Bağlanıyor…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Online</source>
        <translation>● Çevrimiçi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Offline</source>
        <translation>● Çevrimdışı</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>● %1 online · %2 offline</source>
        <translation>● %1 çevrimiçi · %2 çevrimdışı</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Offline: showing the services saved on this computer.</source>
        <translation>Çevrimdışı: bu bilgisayarda kayıtlı hizmetler gösteriliyor.</translation>
    </message>
</context>
<context>
    <name>StatusSync</name>
    <message>
        <location filename="../../ui/session.py" line="+644"/>
        <source>Order statuses not checked</source>
        <translation>Sipariş durumları denetlenmedi</translation>
    </message>
</context>
<context>
    <name>TeamBanner</name>
    <message>
        <location filename="../../ui/shell/team.py" line="+67"/>
        <source>The team server cannot be reached: showing what was loaded; nothing can be placed until it is back. SMM Desk tries again by itself.</source>
        <translation>Ekip sunucusuna ulaşılamıyor: yüklenmiş olanlar gösteriliyor; sunucu geri gelene kadar sipariş verilemez. SMM Desk kendiliğinden yeniden dener.</translation>
    </message>
</context>
<context>
    <name>TeamRoles</name>
    <message>
        <location filename="../../ui/teamroles.py" line="+33"/>
        <source>Your login can only view this team workspace</source>
        <translation>Oturumunuz bu ekip çalışma alanını yalnızca görüntüleyebilir</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Only an admin of this team adds, renames or removes panels</source>
        <translation>Panelleri yalnızca bu ekibin bir yöneticisi ekler, yeniden adlandırır ya da kaldırır</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Created by %1: only %1 or an admin can change it</source>
        <translation>%1 oluşturdu: yalnızca %1 ya da bir yönetici değiştirebilir</translation>
    </message>
</context>
<context>
    <name>TeamWatch</name>
    <message>
        <location filename="../../ui/shell/team.py" line="+41"/>
        <source>The team server cannot be reached: nothing can be placed until it is back.</source>
        <translation>Ekip sunucusuna ulaşılamıyor: sunucu geri gelene kadar sipariş verilemez.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>no answer</source>
        <translation>yanıt yok</translation>
    </message>
</context>
<context>
    <name>TeamWorkspacePage</name>
    <message>
        <location filename="../../ui/shell/team_prefs.py" line="+67"/>
        <source>The team&apos;s PostgreSQL database: postgresql://login@server/database (never a password: it is kept in the system keyring)</source>
        <translation>Ekibin PostgreSQL veritabanı: postgresql://kullanıcı@sunucu/veritabanı (asla parola değil: parola sistem anahtarlığında tutulur)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not set (PostgreSQL&apos;s default: prefer)</source>
        <translation>Ayarlanmadı (PostgreSQL varsayılanı: prefer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>verify-full checks the server&apos;s certificate and name: use it over the internet</source>
        <translation>verify-full sunucunun sertifikasını ve adını denetler: internet üzerinden bunu kullanın</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The system&apos;s certificates</source>
        <translation>Sistemin sertifikaları</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>Seçin…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kept in the system keyring</source>
        <translation>Sistem anahtarlığında tutulur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test connection</source>
        <translation>Bağlantıyı dene</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use this team workspace</source>
        <translation>Bu ekip çalışma alanını kullan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the local workspace</source>
        <translation>Yerel çalışma alanını kullan</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS mode</source>
        <translation>TLS kipi</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+26"/>
        <source>Root certificate</source>
        <translation>Kök sertifika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Parola</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This window uses the team workspace %1.</source>
        <translation>Bu pencere %1 ekip çalışma alanını kullanıyor.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This window uses this computer&apos;s own workspace.</source>
        <translation>Bu pencere bu bilgisayarın kendi çalışma alanını kullanıyor.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At the next start: the team workspace %1.</source>
        <translation>Bir sonraki açılışta: %1 ekip çalışma alanı.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At the next start: this computer&apos;s own workspace.</source>
        <translation>Bir sonraki açılışta: bu bilgisayarın kendi çalışma alanı.</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+108"/>
        <source>A password is kept in the system keyring (type a new one to replace it)</source>
        <translation>Sistem anahtarlığında bir parola tutuluyor (değiştirmek için yenisini yazın)</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>The team server&apos;s root certificate</source>
        <translation>Ekip sunucusunun kök sertifikası</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Sertifikalar (*.pem *.crt *.cer);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+76"/>
        <source>This address cannot be used: %1</source>
        <translation>Bu adres kullanılamaz: %1</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>Type the team&apos;s address first, for example postgresql://alice@db.example/shop.</source>
        <translation>Önce ekibin adresini yazın, örneğin postgresql://alice@db.example/shop.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connecting to %1…</source>
        <translation>%1 adresine bağlanılıyor…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The test failed: %1</source>
        <translation>Deneme başarısız oldu: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connected: %1 is an admin of this team (panels, prices, customers, members).</source>
        <translation>Bağlandı: %1 bu ekibin yöneticisi (paneller, fiyatlar, müşteriler, üyeler).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected: %1 is an operator of this team (places, refills and cancels orders).</source>
        <translation>Bağlandı: %1 bu ekibin operatörü (sipariş verir, telafi ister ve iptal eder).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected: %1 is a viewer of this team (reads orders, places nothing).</source>
        <translation>Bağlandı: %1 bu ekipte izleyici (siparişleri okur, sipariş vermez).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected as %1.</source>
        <translation>%1 olarak bağlandı.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server asks for the password of %1. Type it in Password and test again: it is kept in the system keyring.</source>
        <translation>Sunucu %1 için parola istiyor. Parolayı Parola alanına yazıp yeniden deneyin: sistem anahtarlığında tutulur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused the password of %1. Check it (it may have been changed) and type it again.</source>
        <translation>Sunucu %1 parolasını reddetti. Parolayı kontrol edin (değiştirilmiş olabilir) ve yeniden yazın.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team server cannot be reached at %1. Check the address, the network and the TLS settings.</source>
        <translation>%1 adresindeki ekip sunucusuna ulaşılamıyor. Adresi, ağı ve TLS ayarlarını kontrol edin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connected, but %1 holds no SMM Desk team yet: the team&apos;s admin creates it (smm-desk-cli team push).</source>
        <translation>Bağlandı, ancak %1 henüz bir SMM Desk ekibi içermiyor: ekibi ekip yöneticisi oluşturur (smm-desk-cli team push).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team at %1 was set up by a newer SMM Desk: update SMM Desk on this computer first.</source>
        <translation>%1 adresindeki ekip daha yeni bir SMM Desk ile kurulmuş: önce bu bilgisayardaki SMM Desk&apos;i güncelleyin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connected as %1, but this login is not a member of the team: ask the team&apos;s admin to add it (smm-desk-cli team add-user).</source>
        <translation>%1 olarak bağlandı, ancak bu kullanıcı ekibin üyesi değil: ekip yöneticisinden eklemesini isteyin (smm-desk-cli team add-user).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The password could not be kept in the system keyring: %1</source>
        <translation>Parola sistem anahtarlığında saklanamadı: %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This is the workspace this window already uses.</source>
        <translation>Bu pencere zaten bu çalışma alanını kullanıyor.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SMM Desk opens the team workspace %1 the next time it starts (unless --store or SMMDESK_STORE says otherwise).</source>
        <translation>SMM Desk bir sonraki açılışta %1 ekip çalışma alanını açar (--store veya SMMDESK_STORE başkasını söylemedikçe).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SMM Desk opens this computer&apos;s own workspace the next time it starts (unless --store or SMMDESK_STORE says otherwise).</source>
        <translation>SMM Desk bir sonraki açılışta bu bilgisayarın kendi çalışma alanını açar (--store veya SMMDESK_STORE başkasını söylemedikçe).</translation>
    </message>
</context>
<context>
    <name>TrackOrdersDialog</name>
    <message>
        <location filename="../../ui/orders/dialogs.py" line="+78"/>
        <source>Track existing orders</source>
        <translation>Mevcut siparişleri izle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Orders placed on the panel&apos;s website or with another tool can be followed here too. Give their IDs: a list, or ranges such as 1200-1250.</source>
        <translation>Panelin web sitesinden veya başka bir araçla verilen siparişler de buradan izlenebilir. Numaralarını girin: bir liste ya da 1200-1250 gibi aralıklar.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>e.g. 1200-1250, 1300, 1302</source>
        <translation>örn. 1200-1250, 1300, 1302</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Panel:</source>
        <translation>Panel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order IDs:</source>
        <translation>Sipariş numaraları:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Track</source>
        <translation>İzle</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add a panel first.</source>
        <translation>Önce bir panel ekleyin.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Those IDs cannot be read: %1</source>
        <translation>Şu numaralar okunamıyor: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type at least one order ID.</source>
        <translation>En az bir sipariş numarası yazın.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Asking the panel about %n order(s)…</source>
        <translation>
            <numerusform>Panele %n sipariş soruluyor…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n order(s) now tracked.</source>
        <translation>
            <numerusform>%n sipariş artık izleniyor.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown to the panel: %1</source>
        <translation>Panelin bilmediği: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Could not check %n order(s).</source>
        <translation>
            <numerusform>%n sipariş denetlenemedi.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-22"/>
        <source>“%1” is not an order ID: order IDs are whole numbers from 1, and a range is written like 1200-1250.</source>
        <translation>“%1” bir sipariş ID’si değil: sipariş ID’leri 1’den başlayan tam sayılardır; bir aralık 1200-1250 gibi yazılır.</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../ui/shell/tray.py" line="+50"/>
        <source>SMM Desk</source>
        <translation>SMM Desk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open SMM Desk</source>
        <translation>SMM Desk&apos;i aç</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause all automation</source>
        <translation>Tüm otomasyonu duraklat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Çık</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Keep running?</source>
        <translation>Çalışmaya devam edilsin mi?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep SMM Desk running in the system tray when the window is closed? Scheduled orders, automatic refills and alerts only run while SMM Desk runs. You can change this in Settings → Automation.</source>
        <translation>Pencere kapatıldığında SMM Desk sistem tepsisinde çalışmaya devam etsin mi? Zamanlanmış siparişler, otomatik yeniden doldurmalar ve uyarılar yalnızca SMM Desk çalışırken işler. Bunu Ayarlar → Otomasyon bölümünden değiştirebilirsiniz.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep running in the tray</source>
        <translation>Tepside çalışmaya devam et</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit when closed</source>
        <translation>Kapatınca çık</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>SMM Desk is still running</source>
        <translation>SMM Desk hâlâ çalışıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedules and alerts go on. Use the tray icon to open the window or quit.</source>
        <translation>Zamanlamalar ve uyarılar sürüyor. Pencereyi açmak veya çıkmak için tepsi simgesini kullanın.</translation>
    </message>
</context>
<context>
    <name>WatchPrefsBox</name>
    <message>
        <location filename="../../ui/shell/watch_prefs.py" line="+65"/>
        <source>Provider watch</source>
        <translation>Sağlayıcı takibi</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stuck after, in hours</source>
        <translation>Takılma süresi, saat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An active order that has not started after this many hours is stuck (at the least: a service that usually starts later is given longer)</source>
        <translation>Bu kadar saat geçtiği hâlde başlamamış etkin bir sipariş takılmış sayılır (en az bu kadar: genellikle daha geç başlayan bir hizmete daha uzun süre tanınır)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An order is stuck when not started after (hours):</source>
        <translation>Bir sipariş şu süre sonra başlamadıysa takılmıştır (saat):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stuck multiplier</source>
        <translation>Takılma çarpanı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>…or after this many times its service&apos;s usual start time (the 90th percentile of your own orders), when that is longer</source>
        <translation>…ya da daha uzunsa, hizmetinin olağan başlama süresinin (kendi siparişlerinizin 90. yüzdeliği) bu kadar katı sonra</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>…or this many times its service&apos;s usual start:</source>
        <translation>…ya da hizmetinin olağan başlama süresinin şu katı:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slow multiplier</source>
        <translation>Yavaşlık çarpanı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An order in progress longer than this many times its service&apos;s usual completion time is slow</source>
        <translation>Hizmetinin olağan tamamlanma süresinin bu kadar katından uzun süredir devam eden bir sipariş yavaştır</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An order is slow after this many times its service&apos;s usual completion:</source>
        <translation>Bir sipariş, hizmetinin olağan tamamlanma süresinin şu katından sonra yavaştır:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refill reminder, in days</source>
        <translation>Yeniden doldurma hatırlatması, gün</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many days before a refill guarantee ends an alert reminds you</source>
        <translation>Yeniden doldurma garantisi bitmeden kaç gün önce bir uyarının size hatırlatacağı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remind me before a refill guarantee ends (days):</source>
        <translation>Yeniden doldurma garantisi bitmeden önce hatırlat (gün):</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The hours after which an order is stuck must be a number above 0 and at most %1.</source>
        <translation>Bir siparişin takılmış sayılacağı saat, 0&apos;dan büyük ve en fazla %1 olan bir sayı olmalıdır.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A multiplier must be a number from 1 to %1 (2,5 or 2.5).</source>
        <translation>Çarpan 1 ile %1 arasında bir sayı olmalıdır (2,5 ya da 2.5).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The refill reminder must be a whole number of days from 1 to %1.</source>
        <translation>Yeniden doldurma hatırlatması 1 ile %1 arasında tam sayı gün olmalıdır.</translation>
    </message>
</context>
<context>
    <name>WatchUi</name>
    <message>
        <location filename="../../ui/shell/watch.py" line="+28"/>
        <source>&amp;What changed</source>
        <translation>&amp;Ne değişti</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <location filename="../../ui/shell/welcome.py" line="+18"/>
        <source>Welcome to SMM Desk</source>
        <translation>SMM Desk&apos;e hoş geldiniz</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Every service of every SMM panel in one searchable table, orders that ask exactly what each service needs, and a history that works offline.

Connect your panel with its API URL and key, or look around first with a simulated demo panel — no account and no money needed.</source>
        <translation>Tüm SMM panellerinin tüm hizmetleri aranabilir tek bir tabloda, her hizmetin tam olarak neye ihtiyacı varsa onu soran siparişler ve çevrimdışı da çalışan bir geçmiş.

Panelinizi API URL&apos;si ve anahtarıyla bağlayın ya da önce simülasyon bir demo panelle göz atın — hesap da para da gerekmez.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connect a panel…</source>
        <translation>Panel bağla…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Try the demo panel</source>
        <translation>Demo paneli dene</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starts a simulated panel on this computer. Nothing is bought for real.</source>
        <translation>Bu bilgisayarda bir simülasyon paneli başlatır. Gerçekten hiçbir şey satın alınmaz.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="+343"/>
        <source>The data folder %1 belongs to another user account. SMM Desk keeps your order history and spending there, so it only uses a folder that is yours.</source>
        <translation>Veri klasörü %1 başka bir kullanıcı hesabına ait. SMM Desk sipariş geçmişinizi ve harcamalarınızı orada tutar; bu yüzden yalnızca size ait bir klasörü kullanır.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Other users may write in the data folder %1 (permissions %2). Anyone who can write there could change your order history or plant files for the app, so SMM Desk does not use it. Make it yours alone, for example with:

chmod 700 %1</source>
        <translation>Veri klasörü %1 içine başka kullanıcılar da yazabiliyor (izinler %2). Oraya yazabilen herkes sipariş geçmişinizi değiştirebilir veya uygulama için dosya bırakabilir; bu yüzden SMM Desk onu kullanmaz. Klasörü yalnızca sizin yapın, örneğin şu komutla:

chmod 700 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Or start SMM Desk with another folder (--data-dir or SMMDESK_DATA_DIR).</source>
        <translation>Ya da SMM Desk&apos;i başka bir klasörle başlatın (--data-dir veya SMMDESK_DATA_DIR).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>SMM Desk cannot use its data folder</source>
        <translation>SMM Desk veri klasörünü kullanamıyor</translation>
    </message>
</context>
<context>
    <name>bridge</name>
    <message>
        <location filename="../../ui/bridge.py" line="+83"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>compare</name>
    <message>
        <location filename="_core_strings.py" line="-158"/>
        <source>This is a {link} link, but the service is for {service}.</source>
        <translation>Bu bir {link} bağlantısı, ancak hizmet {service} için.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This looks like the link of a post or video; a followers, subscribers or members service usually needs the link of the profile or channel.</source>
        <translation>Bu bir gönderi veya video bağlantısına benziyor; takipçi, abone veya üye hizmetleri genellikle profilin ya da kanalın bağlantısını ister.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This looks like the link of a profile; a likes or views service usually needs the link of a post or video.</source>
        <translation>Bu bir profil bağlantısına benziyor; beğeni veya izlenme hizmetleri genellikle bir gönderinin ya da videonun bağlantısını ister.</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message numerus="yes">
        <location line="+157"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n gün önce</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never</source>
        <translation>hiçbir zaman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>just now</source>
        <translation>az önce</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n dk önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n sa önce</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The panel is limiting requests; try again in a minute.</source>
        <translation>Panel istekleri sınırlıyor; bir dakika sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot connect to the panel. Check the address and your internet connection.</source>
        <translation>Panele bağlanılamıyor. Adresi ve internet bağlantınızı kontrol edin.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Wrong API key: the panel rejected it. Copy the key again from the panel&apos;s API page (account → API).</source>
        <translation>Yanlış API anahtarı: panel reddetti. Anahtarı panelin API sayfasından (hesap → API) yeniden kopyalayın.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The panel is limiting requests; try again in %n second(s).</source>
        <translation>
            <numerusform>Panel istekleri sınırlıyor; %n saniye sonra yeniden deneyin.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Cloudflare protection page answered instead of the API. The panel blocks automated access from here; try again later or ask the panel&apos;s support.</source>
        <translation>API yerine bir Cloudflare koruma sayfası yanıt verdi. Panel buradan otomatik erişimi engelliyor; daha sonra yeniden deneyin veya panelin destek ekibine sorun.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an API endpoint: nothing answers at this address (HTTP 404). Check the API URL on the panel&apos;s API page; it usually ends in /api/v2.</source>
        <translation>API uç noktası değil: bu adreste hiçbir şey yanıt vermiyor (HTTP 404). API URL&apos;sini panelin API sayfasından kontrol edin; genellikle /api/v2 ile biter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A web page answered instead of the API. Check the API URL: it usually ends in /api/v2 (see the panel&apos;s API page).</source>
        <translation>API yerine bir web sayfası yanıt verdi. API URL&apos;sini kontrol edin: genellikle /api/v2 ile biter (panelin API sayfasına bakın).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an API endpoint: nothing answers at this address (HTTP 404). Check the API URL on the panel&apos;s API page.</source>
        <translation>API uç noktası değil: bu adreste hiçbir şey yanıt vermiyor (HTTP 404). API URL&apos;sini panelin API sayfasından kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an SMM panel API: the server answered, but not in the format panels use. Check the API URL.</source>
        <translation>SMM panel API&apos;si değil: sunucu yanıt verdi ama panellerin kullandığı biçimde değil. API URL&apos;sini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel sent an empty answer. Check the API URL, or try again later.</source>
        <translation>Panel boş bir yanıt gönderdi. API URL&apos;sini kontrol edin veya daha sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel&apos;s answer was garbled (not valid JSON). Try again later.</source>
        <translation>Panelin yanıtı bozuk (geçerli JSON değil). Daha sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timed out: the panel did not answer in time.</source>
        <translation>Zaman aşımı: panel zamanında yanıt vermedi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection broke before the panel answered. Check your internet connection and try again.</source>
        <translation>Panel yanıt vermeden bağlantı koptu. İnternet bağlantınızı kontrol edip yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected error: %1</source>
        <translation>Beklenmeyen hata: %1</translation>
    </message>
    <message numerus="yes">
        <location line="-18"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n yeni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n removed</source>
        <translation>
            <numerusform>%n kaldırıldı</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n price change(s)</source>
        <translation>
            <numerusform>%n fiyat değişikliği</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The panel said: %1</source>
        <translation>Panelin yanıtı: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unexpected answer from the panel (%1).</source>
        <translation>Panelden beklenmeyen yanıt (%1).</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Timed out: the panel did not answer within %n second(s).</source>
        <translation>
            <numerusform>Zaman aşımı: panel %n saniye içinde yanıt vermedi.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The panel does not support this request (&quot;%1&quot;).</source>
        <translation>Panel bu isteği desteklemiyor (&quot;%1&quot;).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address redirects to %1. Panels&apos; APIs do not follow redirects: use the new address.</source>
        <translation>Adres %1 adresine yönlendiriyor. Panel API&apos;leri yönlendirmeleri izlemez: yeni adresi kullanın.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another address</source>
        <translation>başka bir adres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server answered with HTTP error %1.</source>
        <translation>Sunucu HTTP %1 hatasıyla yanıt verdi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The panel&apos;s server is failing (HTTP %1 error page). Try again later.</source>
        <translation>Panelin sunucusu hata veriyor (HTTP %1 hata sayfası). Daha sonra yeniden deneyin.</translation>
    </message>
    <message numerus="yes">
        <location line="-48"/>
        <source>Timed out: the panel did not finish its answer within %n second(s). The request may have been carried out.</source>
        <translation>
            <numerusform>Zaman aşımı: panel yanıtını %n saniye içinde bitirmedi. İstek yerine getirilmiş olabilir.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The panel URL must start with http:// or https:// and name a host.</source>
        <translation>Panel adresi http:// veya https:// ile başlamalı ve bir sunucu adı içermelidir.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The panel URL must not contain the API key (it would be stored in plain text): remove the ?key=… part and enter the key in the API key field.</source>
        <translation>Panel adresi API anahtarını içermemelidir (anahtar düz metin olarak saklanırdı): ?key=… kısmını silin ve anahtarı API anahtarı alanına girin.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The panel&apos;s answer is larger than %1 MB, so it was not read; what was stored is kept. If this panel really sends that much, raise the limit (max_answer_mb in the [network] section of settings.ini).</source>
        <translation>Panelin yanıtı %1 MB&apos;tan büyük, bu yüzden okunmadı; kayıtlı olanlar korunuyor. Bu panel gerçekten bu kadar veri gönderiyorsa sınırı yükseltin (settings.ini dosyasının [network] bölümündeki max_answer_mb).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel lists more than %1 services, more than a real panel does; the list was not read and the stored services are kept.</source>
        <translation>Panel %1&apos;den fazla hizmet listeliyor; gerçek bir panel bu kadarını listelemez. Liste okunmadı ve kayıtlı hizmetler korunuyor.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The panel sent a %1 of %2 characters (at most %3 are accepted); the answer was not used and what was stored is kept.</source>
        <translation>Panel %2 karakterlik bir %1 gönderdi (en fazla %3 kabul edilir); yanıt kullanılmadı ve kayıtlı olanlar korunuyor.</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="+64"/>
        <source>service name</source>
        <translation>hizmet adı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category</source>
        <translation>kategori</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>service type</source>
        <translation>hizmet türü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>description</source>
        <translation>açıklama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>average time</source>
        <translation>ortalama süre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>currency</source>
        <translation>para birimi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>status</source>
        <translation>durum</translation>
    </message>
    <message>
        <location line="+405"/>
        <source>a text far longer than any panel writes</source>
        <translation>hiçbir panelin yazmadığı kadar uzun bir metin</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-49"/>
        <source>No API key is stored for this panel: without a system keyring, keys last only until SMM Desk closes. Enter the key again (Enter API key… in the status bar).</source>
        <translation>Bu panel için kayıtlı bir API anahtarı yok: sistem anahtarlığı olmadan anahtarlar yalnızca SMM Desk kapanana kadar saklanır. Anahtarı yeniden girin (durum çubuğunda API anahtarını gir…).</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secure (https) connection failed: the server&apos;s certificate is not valid, or the address does not speak https. Nothing was sent.</source>
        <translation>Güvenli (https) bağlantı kurulamadı: sunucunun sertifikası geçerli değil ya da adres https kullanmıyor. Hiçbir şey gönderilmedi.</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n could not be read (%1)</source>
        <translation>
            <numerusform>%n tanesi okunamadı (%1)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="-5"/>
        <source>the ID is not a whole number</source>
        <translation>ID bir tam sayı değil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no name</source>
        <translation>adı yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no readable price</source>
        <translation>okunabilir bir fiyatı yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>listed twice</source>
        <translation>iki kez listelenmiş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a service entry</source>
        <translation>bir hizmet kaydı değil</translation>
    </message>
    <message numerus="yes">
        <location filename="_core_strings.py" line="+1"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n gün</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n saat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n dakika</numerusform>
        </translation>
    </message>
    <message>
        <location line="-24"/>
        <source>%1 d</source>
        <translation>%1 g</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fewer than 5 of your orders in 90 days: no delivery record yet</source>
        <translation>90 günde 5&apos;ten az siparişiniz var: henüz teslimat kaydı yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial: %1</source>
        <translation>Kısmi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canceled: %1</source>
        <translation>İptal edildi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refilled: %1</source>
        <translation>Telafi edildi: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found: %1</source>
        <translation>Bulunamadı: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 min</source>
        <translation>%1 dk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 sa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of your orders in 90 days</source>
        <translation>90 günde %1 siparişiniz</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Starts: half within %1, 9 in 10 within %2</source>
        <translation>Başlama: yarısı %1 içinde, 10’da 9’u %2 içinde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completes: half within %1, 9 in 10 within %2</source>
        <translation>Tamamlanma: yarısı %1 içinde, 10’da 9’u %2 içinde</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>The team server asks for this login&apos;s password. Enter it in Preferences → Team workspace: SMM Desk keeps it in the system keyring.</source>
        <translation>Ekip sunucusu bu kullanıcının parolasını istiyor. Parolayı Tercihler → Ekip çalışma alanı bölümüne girin: SMM Desk onu sistem anahtarlığında tutar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server refused the login with the password kept for it. If it was changed, enter it again in Preferences → Team workspace.</source>
        <translation>Ekip sunucusu, kayıtlı parolayla yapılan girişi reddetti. Parola değiştiyse Tercihler → Ekip çalışma alanı bölümüne yeniden girin.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The team server %1 cannot be reached: nothing was saved or sent. SMM Desk connects again by itself.</source>
        <translation>%1 ekip sunucusuna ulaşılamıyor: hiçbir şey kaydedilmedi veya gönderilmedi. SMM Desk kendiliğinden yeniden bağlanır.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: not available on a team workspace yet; it works in a local workspace.</source>
        <translation>%1: ekip çalışma alanında henüz yok; yerel çalışma alanında çalışır.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not connect to the team server: %1</source>
        <translation>Ekip sunucusuna bağlanılamadı: %1</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="-236"/>
        <source>The provider watch (statistics, catalogue changes)</source>
        <translation>Sağlayıcı takibi (istatistikler, katalog değişiklikleri)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled orders, automatic refills and alerts</source>
        <translation>Zamanlanmış siparişler, otomatik telafiler ve uyarılar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The reseller&apos;s books (price rules, sales, the ledger, statements)</source>
        <translation>Bayinin defterleri (fiyat kuralları, satışlar, defter, hesap özetleri)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mass orders</source>
        <translation>Toplu siparişler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folding an order imported by its id into a checked one</source>
        <translation>Kimliğiyle içe aktarılan bir siparişi kontrol edilmiş bir siparişle birleştirmek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sorting the orders by refill window</source>
        <translation>Siparişleri telafi süresine göre sıralamak</translation>
    </message>
    <message>
        <location filename="_core_strings.py" line="-33"/>
        <source>The team workspace refused this: your login may not do it (only the one who made it, or a team admin, may). Nothing was changed.</source>
        <translation>Ekip çalışma alanı bunu reddetti: oturumunuzun buna izni yok (yalnızca onu oluşturan ya da bir ekip yöneticisi yapabilir). Hiçbir şey değiştirilmedi.</translation>
    </message>
</context>
<context>
    <name>order_form</name>
    <message numerus="yes">
        <location line="+54"/>
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n satır</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>up to %1 for %n post(s) (%2 per post)</source>
        <translation>
            <numerusform>%n gönderi için en fazla %1 (gönderi başına %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-6"/>
        <source>%n order(s) in all.</source>
        <translation>
            <numerusform>Toplam %n sipariş.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>order_messages</name>
    <message>
        <location line="-43"/>
        <source>The order may have been placed. Check your orders on the panel&apos;s website before trying again.</source>
        <translation>Sipariş verilmiş olabilir. Yeniden denemeden önce panelin web sitesinden siparişlerinizi kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not enough funds on this panel. Top up your balance on the panel&apos;s website, then place the order again.</source>
        <translation>Bu panelde yeterli bakiye yok. Panelin web sitesinden bakiye yükleyin, sonra siparişi yeniden verin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The quantity is outside what this service allows. Check the service&apos;s minimum and maximum.</source>
        <translation>Miktar bu hizmetin izin verdiği aralığın dışında. Hizmetin en az ve en çok değerlerini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is already an active order on this link at the panel. Wait until it completes, then order again.</source>
        <translation>Panelde bu bağlantı için zaten etkin bir sipariş var. Tamamlanmasını bekleyin, sonra yeniden sipariş verin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel rejected the API key. Fix the key in the panel settings (Edit panel…): copy it again from the panel&apos;s API page.</source>
        <translation>Panel API anahtarını reddetti. Anahtarı panel ayarlarında (Paneli düzenle…) düzeltin: panelin API sayfasından yeniden kopyalayın.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel does not offer this service (any more). Refresh the services to get the panel&apos;s current list, then choose another service.</source>
        <translation>Panel bu hizmeti (artık) sunmuyor. Panelin güncel listesini almak için hizmetleri yenileyin, sonra başka bir hizmet seçin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel does not accept orders through its API. Place the order on the panel&apos;s website.</source>
        <translation>Bu panel API üzerinden sipariş kabul etmiyor. Siparişi panelin web sitesinden verin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel does not know this order number.</source>
        <translation>Panel bu sipariş numarasını tanımıyor.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order placed.</source>
        <translation>Sipariş verildi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You can try again.</source>
        <translation>Yeniden deneyebilirsiniz.</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>The panel refused the order without saying why. Nothing was placed.</source>
        <translation>Panel siparişi neden belirtmeden reddetti. Hiçbir sipariş verilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected error: %1</source>
        <translation>Beklenmeyen hata: %1</translation>
    </message>
    <message>
        <source>Not sent, nothing was placed: %1 You can try again.</source>
        <translation type="vanished">Gönderilmedi, hiçbir sipariş verilmedi: %1 Yeniden deneyebilirsiniz.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The panel refused the order: “%1”. Nothing was placed.</source>
        <translation>Panel siparişi reddetti: “%1”. Hiçbir sipariş verilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel said: “%1”</source>
        <translation>Panelin yanıtı: “%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order #%1 placed.</source>
        <translation>#%1 numaralı sipariş verildi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel also said: “%1”</source>
        <translation>Panel ayrıca şunu söyledi: “%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The quantity is outside the range the panel allows. This service&apos;s range was %1 to %2 when the services were last downloaded; if the panel changed it, refresh the services.</source>
        <translation>Miktar panelin izin verdiği aralığın dışında. Hizmetler en son indirildiğinde bu hizmetin aralığı %1 ile %2 arasıydı; panel bunu değiştirdiyse hizmetleri yenileyin.</translation>
    </message>
</context>
<context>
    <name>outcomes</name>
    <message>
        <location line="-222"/>
        <source>The panel refused the order: “{said}”</source>
        <translation>Panel siparişi reddetti: “{said}”</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>The panel refused the order without saying why.</source>
        <translation>Panel siparişi neden belirtmeden reddetti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered, but saving its answer failed ({error}). The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel yanıt verdi, ancak yanıtı kaydedilemedi ({error}). Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: not enough funds. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: yeterli bakiye yok. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: the quantity is outside what it allows. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: miktar izin verdiği aralığın dışında. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: it does not offer this service (any more). It said: “{said}”</source>
        <translation>Panel siparişi reddetti: bu hizmeti (artık) sunmuyor. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: an order on this link is still active there. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: bu bağlantıda orada hâlâ etkin bir sipariş var. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: it rejected the API key. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: API anahtarını kabul etmedi. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: it takes no orders through its API. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: API üzerinden sipariş almıyor. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel refused the order: it does not know the order. It said: “{said}”</source>
        <translation>Panel siparişi reddetti: siparişi tanımıyor. Panelin söylediği: “{said}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not sent: {detail}</source>
        <translation>Gönderilmedi: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent: the panel was removed; nothing was placed.</source>
        <translation>Gönderilmedi: panel kaldırıldı; sipariş verilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent: the panel is limiting requests ({detail}); nothing was placed.</source>
        <translation>Gönderilmedi: panel istekleri sınırlıyor ({detail}); sipariş verilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{detail} The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>{detail} Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel&apos;s answer could not be read ({detail}). The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panelin yanıtı okunamadı ({detail}). Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel&apos;s answer to the order is not an object: {detail}. The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panelin siparişe yanıtı bir nesne değil: {detail}. Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered with an order id that is not a usable number ({detail}). The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel kullanılabilir bir sayı olmayan bir sipariş numarasıyla yanıt verdi ({detail}). Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered with an empty error and no order id. The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel boş bir hata ile ve sipariş numarası vermeden yanıt verdi. Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered with order {detail}, which is not an order id. The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel {detail} siparişiyle yanıt verdi; bu bir sipariş numarası değil. Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel&apos;s answer has no order id: {detail}. The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panelin yanıtında sipariş numarası yok: {detail}. Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected error while sending ({detail}). The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Gönderilirken beklenmeyen hata ({detail}). Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered with order #{remote}, which is already recorded for order {owner}. The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel #{remote} siparişiyle yanıt verdi; bu numara zaten {owner} siparişine kayıtlı. Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panel answered with order #{remote}, but saving that failed ({error}). The order may have been placed. Check the panel&apos;s order list before ordering again.</source>
        <translation>Panel #{remote} siparişiyle yanıt verdi, ancak bu kaydedilemedi ({error}). Sipariş verilmiş olabilir. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app stopped while sending this order: it may have been placed.</source>
        <translation>Uygulama bu sipariş gönderilirken durdu: sipariş verilmiş olabilir.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk was closed while sending this order: it may have been placed.</source>
        <translation>SMM Desk bu sipariş gönderilirken kapatıldı: sipariş verilmiş olabilir.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order #{remote} is also recorded for order {keeper} of this panel, so it cannot belong to both: this order was set back to uncertain. Check on the panel&apos;s website which order it is, then resolve it again.</source>
        <translation>#{remote} numaralı sipariş bu panelin {keeper} siparişine de kayıtlı; ikisine birden ait olamaz: bu sipariş yeniden belirsiz yapıldı. Hangi sipariş olduğunu panelin web sitesinde kontrol edin, sonra yeniden netleştirin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placed, and the panel also said: {said}</source>
        <translation>Verildi; panel ayrıca şunu söyledi: {said}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not placed (checked by you)</source>
        <translation>Verilmedi (sizin kontrolünüzle)</translation>
    </message>
</context>
<context>
    <name>rates</name>
    <message>
        <location line="-33"/>
        <source>The rates address answered with a web page, not the ECB rates feed.</source>
        <translation>Kur adresi AMB kur kaynağı yerine bir web sayfasıyla yanıt verdi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rates address answered, but not in the ECB rates format (no dated rates found).</source>
        <translation>Kur adresi yanıt verdi, ancak AMB kur biçiminde değil (tarihli kur bulunamadı).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rates feed answered with HTTP status {status}. The rates were not changed.</source>
        <translation>Kur kaynağı HTTP durum kodu {status} ile yanıt verdi. Kurlar değiştirilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rates address did not answer with the ECB rates feed (not readable XML).</source>
        <translation>Kur adresi AMB kur kaynağıyla yanıt vermedi (okunabilir XML değil).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rates feed could not be reached ({reason}). The rates were not changed.</source>
        <translation>Kur kaynağına ulaşılamadı ({reason}). Kurlar değiştirilmedi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ECB feed has no rate for {home}; type the rate of EUR to {home} by hand first, the other rates follow from it.</source>
        <translation>AMB kaynağında {home} için kur yok; önce EUR’nun {home} karşılığını elle girin, diğer kurlar ondan hesaplanır.</translation>
    </message>
</context>
<context>
    <name>recovery</name>
    <message>
        <location line="-43"/>
        <source>Restore the latest backup</source>
        <translation>En son yedeği geri yükle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start fresh (keep the old file aside)</source>
        <translation>Sıfırdan başla (eski dosya kenara alınır)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>Yeniden dene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue without the keyring</source>
        <translation>Anahtarlık olmadan devam et</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>Çık</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your SMM Desk data file is empty</source>
        <translation>SMM Desk veri dosyanız boş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database file is empty (0 bytes), although backups of it exist. This happens when a copy or the disk failed. Restore the latest backup to get your services and order history back, or start fresh; the empty file is kept aside.</source>
        <translation>Yedekleri olmasına rağmen veritabanı dosyası boş (0 bayt). Bu, bir kopyalama veya disk arızalandığında olur. Hizmetlerinizi ve sipariş geçmişinizi geri almak için en son yedeği geri yükleyin ya da sıfırdan başlayın; boş dosya kenara alınır.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SMM Desk database is damaged and cannot be read. </source>
        <translation>SMM Desk veritabanı hasar görmüş ve okunamıyor. </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk could not open your data</source>
        <translation>SMM Desk verilerinizi açamadı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something unexpected stopped SMM Desk from opening your data. Try again; if it keeps happening, the log file in the data folder says more.</source>
        <translation>Beklenmeyen bir durum SMM Desk&apos;in verilerinizi açmasını engelledi. Yeniden deneyin; sorun sürerse veri klasöründeki günlük dosyası daha fazla bilgi verir.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This data was saved by a newer SMM Desk</source>
        <translation>Bu veriler daha yeni bir SMM Desk ile kaydedilmiş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your data was written by a newer version of SMM Desk, which this version cannot read safely. Install the newer version to open it; the file has not been changed. Or start fresh: the newer file is kept aside, untouched.</source>
        <translation>Verileriniz SMM Desk&apos;in daha yeni bir sürümüyle yazılmış ve bu sürüm onları güvenle okuyamaz. Açmak için yeni sürümü kurun; dosya değiştirilmedi. Ya da sıfırdan başlayın: yeni dosya kenara alınır, dokunulmaz.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore the latest backup, or start fresh; either way the damaged file is kept aside in the data folder.</source>
        <translation>En son yedeği geri yükleyin ya da sıfırdan başlayın; her iki durumda da hasarlı dosya veri klasöründe kenara alınır.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no backup to restore. Start fresh to keep working; the damaged file is kept aside in the data folder, so nothing is deleted.</source>
        <translation>Geri yüklenecek yedek yok. Çalışmaya devam etmek için sıfırdan başlayın; hasarlı dosya veri klasöründe kenara alınır, yani hiçbir şey silinmez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your SMM Desk data is damaged</source>
        <translation>SMM Desk verileriniz hasar görmüş</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The disk is full</source>
        <translation>Disk dolu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk could not save because the disk is full. Nothing was half-saved: the last change was undone as a whole. Free some disk space, then try again.</source>
        <translation>Disk dolu olduğu için SMM Desk kaydedemedi. Hiçbir şey yarım kaydedilmedi: son değişiklik bütünüyle geri alındı. Diskte biraz yer açın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The data is in use</source>
        <translation>Veriler kullanımda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another program (perhaps another SMM Desk window) is using the database. Close it, then try again.</source>
        <translation>Başka bir program (belki başka bir SMM Desk penceresi) veritabanını kullanıyor. Onu kapatın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system keyring is locked</source>
        <translation>Sistem anahtarlığı kilitli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your API keys are in the system keyring, which is locked. Unlock it (log in to it) and try again, or continue and type the keys again for this session only; they are not saved anywhere else.</source>
        <translation>API anahtarlarınız kilitli olan sistem anahtarlığında. Kilidini açıp (oturum açarak) yeniden deneyin ya da devam edip anahtarları yalnızca bu oturum için yeniden yazın; başka hiçbir yere kaydedilmezler.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring is not working</source>
        <translation>Sistem anahtarlığı çalışmıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk keeps API keys in the system keyring, which failed. Try again, or continue and type the keys for this session only; they are not saved anywhere else.</source>
        <translation>SMM Desk API anahtarlarını sistem anahtarlığında tutar, ancak anahtarlık hata verdi. Yeniden deneyin ya da devam edip anahtarları yalnızca bu oturum için yazın; başka hiçbir yere kaydedilmezler.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The data folder cannot be used</source>
        <translation>Veri klasörü kullanılamıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk cannot read or write its data folder. Check that it exists and that you may write to it, then try again.</source>
        <translation>SMM Desk veri klasörünü okuyamıyor veya klasöre yazamıyor. Klasörün var olduğunu ve yazma izniniz olduğunu kontrol edin, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+320"/>
        <source>Details: %1</source>
        <translation>Ayrıntılar: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest backup: %1</source>
        <translation>En son yedek: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder: %1</source>
        <translation>Veri klasörü: %1</translation>
    </message>
    <message>
        <location line="-348"/>
        <source>The data folder cannot be written</source>
        <translation>Veri klasörüne yazılamıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk cannot save in its data folder: it is read-only. Your data is not damaged. Make the folder writable, then try again.</source>
        <translation>SMM Desk veri klasörüne kayıt yapamıyor: klasör salt okunur. Verileriniz bozuk değil. Klasörü yazılabilir yapın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SMM Desk cannot save in its data folder, %1: the folder is read-only. Your data is not damaged. Make the folder writable (or give SMM Desk a writable data folder), then try again.</source>
        <translation>SMM Desk veri klasörüne (%1) kayıt yapamıyor: klasör salt okunur. Verileriniz bozuk değil. Klasörü yazılabilir yapın (ya da SMM Desk’e yazılabilir bir veri klasörü verin), sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The data file cannot be written</source>
        <translation>Veri dosyasına yazılamıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMM Desk cannot save to its data file, %1: the file is read-only. Your data is not damaged. Make the file writable, then try again.</source>
        <translation>SMM Desk veri dosyasına (%1) kayıt yapamıyor: dosya salt okunur. Verileriniz bozuk değil. Dosyayı yazılabilir yapın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Something unexpected went wrong with your data during this action. Try again; if it keeps happening, the log file in the data folder says more.</source>
        <translation>Bu işlem sırasında verilerinizde beklenmedik bir sorun oluştu. Yeniden deneyin; sorun sürerse veri klasöründeki günlük dosyası daha fazlasını söyler.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open this computer&apos;s own workspace</source>
        <translation>Bu bilgisayarın kendi çalışma alanını aç</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The team server cannot be reached</source>
        <translation>Ekip sunucusuna ulaşılamıyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team&apos;s workspace is kept on its server, which does not answer. Try again when it is back, or open this computer&apos;s own workspace for now (the team&apos;s orders are not in it).</source>
        <translation>Ekibin çalışma alanı kendi sunucusunda tutulur ve sunucu yanıt vermiyor. Sunucu geri geldiğinde yeniden deneyin ya da şimdilik bu bilgisayarın kendi çalışma alanını açın (ekibin siparişleri onda yoktur).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server needs this login&apos;s password</source>
        <translation>Ekip sunucusu bu kullanıcının parolasını istiyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server asks for a password that is not kept on this computer, or refused the one kept. Open this computer&apos;s own workspace, enter the password in Preferences → Team workspace (Test connection keeps it), then start SMM Desk again.</source>
        <translation>Ekip sunucusu bu bilgisayarda tutulmayan bir parola istiyor ya da tutulanı reddetti. Bu bilgisayarın kendi çalışma alanını açın, parolayı Tercihler → Ekip çalışma alanı bölümüne girin (Bağlantıyı dene onu saklar), sonra SMM Desk&apos;i yeniden başlatın.</translation>
    </message>
</context>
<context>
    <name>schedules</name>
    <message>
        <location line="+44"/>
        <source>The first run needs a time zone.</source>
        <translation>İlk çalıştırmanın bir saat dilimi olmalı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs must be at least one minute apart.</source>
        <translation>Çalıştırmalar arasında en az bir dakika olmalı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of runs must be at least 1.</source>
        <translation>Çalıştırma sayısı en az 1 olmalı.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The end date is before the first run.</source>
        <translation>Bitiş tarihi ilk çalıştırmadan önce.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This panel does not exist (any more).</source>
        <translation>Bu panel (artık) yok.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This service is not in the panel&apos;s list.</source>
        <translation>Bu hizmet panelin listesinde yok.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This schedule has finished: its runs were all made. Make a new schedule to order again.</source>
        <translation>Bu zamanlama bitti: tüm çalıştırmaları yapıldı. Yeniden sipariş vermek için yeni bir zamanlama oluşturun.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing would be left to run: every run of this timing is at or before the last run already made. Choose a later first run.</source>
        <translation>Çalıştırılacak bir şey kalmazdı: bu zamanlamanın her çalıştırması, zaten yapılmış son çalıştırmada ya da ondan önce. Daha sonraki bir ilk çalıştırma seçin.</translation>
    </message>
</context>
<context>
    <name>servicetypes</name>
    <message>
        <location line="-184"/>
        <source>This panel uses a service type SMM Desk does not know (&quot;{type}&quot;); the standard fields are shown.</source>
        <translation>Bu panel SMM Desk&apos;in tanımadığı bir hizmet türü kullanıyor (&quot;{type}&quot;); standart alanlar gösteriliyor.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>Parti sayısı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interval (minutes)</source>
        <translation>Aralık (dakika)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments</source>
        <translation>Yorumlar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usernames</source>
        <translation>Kullanıcı adları</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hashtags</source>
        <translation>Hashtag&apos;ler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords</source>
        <translation>Anahtar kelimeler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups</source>
        <translation>Gruplar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: enter at least one line</source>
        <translation>{label}: en az bir satır girin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: enter at least {min} lines; you entered {count}</source>
        <translation>{label}: en az {min} satır girin; {count} satır girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: enter at most {max} lines; you entered {count}</source>
        <translation>{label}: en çok {max} satır girin; {count} satır girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The page, post or profile to deliver to</source>
        <translation>Teslimatın yapılacağı sayfa, gönderi veya profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed: how many times the quantity is delivered</source>
        <translation>Damla besleme: miktarın kaç kez teslim edileceği</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drip-feed: minutes between runs</source>
        <translation>Damla besleme: partiler arasındaki dakika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One comment per line; each line is one comment ordered</source>
        <translation>Her satıra bir yorum; her satır sipariş edilen bir yorumdur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One comment per line</source>
        <translation>Her satıra bir yorum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One username per line</source>
        <translation>Her satıra bir kullanıcı adı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One username per line; each line is one mention ordered</source>
        <translation>Her satıra bir kullanıcı adı; her satır sipariş edilen bir bahsetmedir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One hashtag per line</source>
        <translation>Her satıra bir hashtag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One keyword or phrase per line</source>
        <translation>Her satıra bir anahtar kelime veya ifade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One group per line</source>
        <translation>Her satıra bir grup</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No delay</source>
        <translation>Gecikme yok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{minutes} minutes</source>
        <translation>{minutes} dakika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desktop</source>
        <translation>Masaüstü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Android</source>
        <translation>Android</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>iOS</source>
        <translation>iOS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mixed mobile</source>
        <translation>Karışık mobil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mixed (desktop and mobile)</source>
        <translation>Karışık (masaüstü ve mobil)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Google keyword</source>
        <translation>Google anahtar kelimesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom referrer</source>
        <translation>Özel yönlendiren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blank referrer (direct)</source>
        <translation>Boş yönlendiren (doğrudan)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter at least one comment (one per line)</source>
        <translation>En az bir yorum girin (her satıra bir tane)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least {min} comments (one per line); you entered {count}</source>
        <translation>En az {min} yorum girin (her satıra bir tane); {count} yorum girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at most {max} comments (one per line); you entered {count}</source>
        <translation>En çok {max} yorum girin (her satıra bir tane); {count} yorum girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least one username (one per line)</source>
        <translation>En az bir kullanıcı adı girin (her satıra bir tane)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least {min} usernames (one per line); you entered {count}</source>
        <translation>En az {min} kullanıcı adı girin (her satıra bir tane); {count} kullanıcı adı girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at most {max} usernames (one per line); you entered {count}</source>
        <translation>En çok {max} kullanıcı adı girin (her satıra bir tane); {count} kullanıcı adı girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least one hashtag (one per line)</source>
        <translation>En az bir hashtag girin (her satıra bir tane)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least {min} hashtags (one per line); you entered {count}</source>
        <translation>En az {min} hashtag girin (her satıra bir tane); {count} hashtag girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at most {max} hashtags (one per line); you entered {count}</source>
        <translation>En çok {max} hashtag girin (her satıra bir tane); {count} hashtag girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least one keyword (one per line)</source>
        <translation>En az bir anahtar kelime girin (her satıra bir tane)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least {min} keywords (one per line); you entered {count}</source>
        <translation>En az {min} anahtar kelime girin (her satıra bir tane); {count} anahtar kelime girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at most {max} keywords (one per line); you entered {count}</source>
        <translation>En çok {max} anahtar kelime girin (her satıra bir tane); {count} anahtar kelime girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least one group (one per line)</source>
        <translation>En az bir grup girin (her satıra bir tane)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at least {min} groups (one per line); you entered {count}</source>
        <translation>En az {min} grup girin (her satıra bir tane); {count} grup girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter at most {max} groups (one per line); you entered {count}</source>
        <translation>En çok {max} grup girin (her satıra bir tane); {count} grup girdiniz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be a whole number</source>
        <translation>{label} bir tam sayı olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum per post must not be less than the minimum ({min})</source>
        <translation>Gönderi başına en çok değeri, en az değerinden ({min}) küçük olamaz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hashtag</source>
        <translation>Hashtag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The hashtag to take usernames from</source>
        <translation>Kullanıcı adlarının alınacağı hashtag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Username or profile link whose followers are used</source>
        <translation>Takipçileri kullanılacak kullanıcı adı veya profil bağlantısı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Media link</source>
        <translation>Medya bağlantısı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The post whose likers are used</source>
        <translation>Beğenenleri kullanılacak gönderi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comment owner</source>
        <translation>Yorum sahibi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Username of the comment owner</source>
        <translation>Yorum sahibinin kullanıcı adı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer number</source>
        <translation>Cevap numarası</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Username</source>
        <translation>Kullanıcı adı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The account whose new posts get the service</source>
        <translation>Yeni gönderilerine hizmet uygulanacak hesap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum per post</source>
        <translation>Gönderi başına en az</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum per post</source>
        <translation>Gönderi başına en çok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New posts</source>
        <translation>Yeni gönderiler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Old posts</source>
        <translation>Eski gönderiler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delay</source>
        <translation>Gecikme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expiry</source>
        <translation>Bitiş tarihi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>Ülke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>Cihaz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type of traffic</source>
        <translation>Trafik türü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referring URL</source>
        <translation>Yönlendiren URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be text</source>
        <translation>{label} metin olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} is too long ({length} characters; at most {max})</source>
        <translation>{label} çok uzun ({length} karakter; en çok {max})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} contains control or invisible characters</source>
        <translation>{label} denetim karakterleri veya görünmez karakterler içeriyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be a web address (http:// or https://), a domain or a username, with no spaces</source>
        <translation>{label} boşluk içermeyen bir web adresi (http:// veya https://), alan adı ya da kullanıcı adı olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be a single word with no spaces</source>
        <translation>{label} boşluksuz tek bir sözcük olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be between {min} and {max}</source>
        <translation>{label} {min} ile {max} arasında olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be text, one item per line</source>
        <translation>{label} her satırda bir öğe olacak şekilde metin olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be one of: {choices}</source>
        <translation>{label} şunlardan biri olmalı: {choices}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be a date as day/month/year, for example 31/12/2025</source>
        <translation>{label} gün/ay/yıl biçiminde bir tarih olmalı, örneğin 31/12/2025</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must not be in the past</source>
        <translation>{label} geçmişte olmamalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of the answer to vote for</source>
        <translation>Oy verilecek cevabın numarası</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many new posts to deliver to</source>
        <translation>Kaç yeni gönderiye teslim edileceği</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many existing posts to deliver to</source>
        <translation>Kaç mevcut gönderiye teslim edileceği</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minutes to wait after a post before delivering; some panels accept only up to 90</source>
        <translation>Bir gönderiden sonra teslimattan önce beklenecek dakika; bazı paneller en fazla 90 kabul eder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last day of the subscription</source>
        <translation>Aboneliğin son günü</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two-letter country code, for example US</source>
        <translation>İki harfli ülke kodu, örneğin US</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country must be a two-letter country code, for example US</source>
        <translation>Ülke iki harfli bir ülke kodu olmalı, örneğin US</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} is not in the expected form</source>
        <translation>{label} beklenen biçimde değil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} must be at least {min}</source>
        <translation>{label} en az {min} olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line {line} of {label} contains control or invisible characters</source>
        <translation>{label} alanının {line}. satırı denetim karakterleri veya görünmez karakterler içeriyor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line {line} of {label} must be a single word with no spaces</source>
        <translation>{label} alanının {line}. satırı boşluksuz tek bir sözcük olmalı</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line {line} of {label} is too long ({length} characters; at most {max})</source>
        <translation>{label} alanının {line}. satırı çok uzun ({length} karakter; en çok {max})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This service does not offer drip-feed; leave {label} empty</source>
        <translation>Bu hizmet damla besleme sunmuyor; {label} alanını boş bırakın</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} is required</source>
        <translation>{label} gerekli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For drip-feed enter both runs and interval, or leave both empty</source>
        <translation>Damla besleme için hem parti sayısını hem aralığı girin ya da ikisini de boş bırakın</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many parts: use service|link|quantity</source>
        <translation>Çok fazla bölüm: hizmet|bağlantı|miktar biçimini kullanın</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The service must be a number (service|link|quantity)</source>
        <translation>Hizmet bir sayı olmalı (hizmet|bağlantı|miktar)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Service {id} is not in this panel&apos;s list (refresh the services?)</source>
        <translation>{id} numaralı hizmet bu panelin listesinde yok (hizmetler yenilensin mi?)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{type} services need more than a link and a quantity: use the order form</source>
        <translation>{type} hizmetleri bağlantı ve miktardan fazlasını ister: sipariş formunu kullanın</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The link is missing (service|link|quantity)</source>
        <translation>Bağlantı eksik (hizmet|bağlantı|miktar)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The quantity is missing (service|link|quantity)</source>
        <translation>Miktar eksik (hizmet|bağlantı|miktar)</translation>
    </message>
    <message>
        <source>The quantity must be a whole number</source>
        <translation type="vanished">Miktar bir tam sayı olmalı</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>{label} takes whole numbers only; “{typed}” is not one</source>
        <translation>{label} yalnızca tam sayı alır; “{typed}” tam sayı değil</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Separate the parts with | or a tab: service|link|quantity</source>
        <translation>Bölümleri | ya da sekmeyle ayırın: hizmet|bağlantı|miktar</translation>
    </message>
</context>
<context>
    <name>tables</name>
    <message>
        <location filename="../../ui/tables.py" line="+169"/>
        <source>Row %1: %2</source>
        <translation>Satır %1: %2</translation>
    </message>
</context>
</TS>
