#!/usr/bin/env python3
# A StatusNotifierWatcher for tests, as a desktop's tray (KDE, GNOME's AppIndicator extension) runs
# one: owns org.kde.StatusNotifierWatcher on the session bus in DBUS_SESSION_BUS_ADDRESS and answers
# IsStatusNotifierHostRegistered with argv[1] ("true" or "false"). Prints "ready" once it owns the name.
import sys

from gi.repository import Gio, GLib

XML = """<node><interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg type="s" direction="in"/></method>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
</interface></node>"""

registered = len(sys.argv) > 1 and sys.argv[1] == "true"
interface = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]


def get_property(connection, sender, path, interface_name, name):
    if name == "IsStatusNotifierHostRegistered":
        return GLib.Variant("b", registered)
    if name == "ProtocolVersion":
        return GLib.Variant("i", 0)
    return GLib.Variant("as", [])


def method_call(connection, sender, path, interface_name, method, parameters, invocation):
    invocation.return_value(None)


def on_bus(connection, name):
    connection.register_object("/StatusNotifierWatcher", interface, method_call, get_property, None)


def on_name(connection, name):
    print("ready", flush=True)


loop = GLib.MainLoop()
Gio.bus_own_name(
    Gio.BusType.SESSION,
    "org.kde.StatusNotifierWatcher",
    Gio.BusNameOwnerFlags.NONE,
    on_bus,
    on_name,
    lambda *args: loop.quit(),
)
loop.run()
